package org.peerbook.book.control;

public class UnknownContactException extends BookException {
  private static final long serialVersionUID = 1L;

  public UnknownContactException(String id) {
    super("no contact with id " + id);
  }
}
