package org.peerbook.protocol.serving;

/**
 * A valid node token that does not entitle this request: another node's, a revoked one, or one of a
 * node that is not enrolled. Every source answers 403.
 */
public class NotEntitledException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public NotEntitledException(String detail) {
    super(403, "Not entitled", detail, 0);
  }
}
