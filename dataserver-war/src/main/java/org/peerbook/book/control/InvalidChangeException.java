package org.peerbook.book.control;

/**
 * A change or compaction that contradicts the book's rules (e.g. the same id twice in one import).
 */
public class InvalidChangeException extends BookException {
  private static final long serialVersionUID = 1L;

  public InvalidChangeException(String message) {
    super(message);
  }
}
