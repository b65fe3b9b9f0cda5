package org.peerbook.agent.directory;

/** The directory could not listen where it was asked to (a port in use, an address not local). */
public class DirectoryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
