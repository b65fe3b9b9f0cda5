package org.peerbook.agent.transport;

/**
 * A valid node token that does not entitle this request: another node's, or an evicted node's. The
 * peer listener answers 403, as the data server does for the same case.
 */
public class NotEntitledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotEntitledException(String detail) {
    super(detail);
  }
}
