package org.peerbook.book.control;

import jakarta.ejb.ApplicationException;

/**
 * A request the book refuses. Thrown out of a transaction, it rolls it back whole and reaches the
 * caller unwrapped.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class BookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected BookException(String message) {
    super(message);
  }
}
