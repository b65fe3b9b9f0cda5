package org.peerbook.directory.control;

/**
 * The directory failed a run: unreachable, timed out, gone mid-run, bind or search refused. The run
 * applies nothing.
 */
public class DirectoryFailedException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  public DirectoryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
