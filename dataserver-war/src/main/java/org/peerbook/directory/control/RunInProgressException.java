package org.peerbook.directory.control;

/** A source's runs never overlap: this one is already running. */
public class RunInProgressException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  public RunInProgressException(String name) {
    super("directory source '" + name + "' is running already", null);
  }
}
