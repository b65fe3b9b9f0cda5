package org.peerbook.protocol;

/** A sync request's node token is missing, unreadable, forged or expired. */
public class InvalidTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String detail) {
    super(detail);
  }
}
