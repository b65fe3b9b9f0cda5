package org.peerbook.book.control;

/** An update based on a version of the contact that is no longer current (If-Match failed). */
public class StaleContactException extends BookException {
  private static final long serialVersionUID = 1L;

  public StaleContactException(String id, String expected, long current) {
    super(
        "contact "
            + id
            + " is at version "
            + (current < 0 ? "(none: it does not exist)" : current)
            + ", the request expected "
            + expected);
  }
}
