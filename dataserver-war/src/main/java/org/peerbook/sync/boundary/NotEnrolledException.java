package org.peerbook.sync.boundary;

/**
 * A valid token, but not for this request: it names another node, or its node is no longer enrolled
 * (evicted, deregistered, or its lease lapsed).
 */
public class NotEnrolledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotEnrolledException(String detail) {
    super(detail);
  }
}
