package org.peerbook.book.control;

public class ContactExistsException extends BookException {
  private static final long serialVersionUID = 1L;

  public ContactExistsException(String id) {
    super("a contact with id " + id + " already exists; update it with PUT");
  }
}
