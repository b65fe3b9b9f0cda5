package org.peerbook.directory.control;

/** No directory source of that name is configured. */
public class UnknownSourceException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  public UnknownSourceException(String name) {
    super("no directory source '" + name + "'", null);
  }
}
