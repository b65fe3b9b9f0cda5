package org.peerbook.limits.control;

/**
 * A node asked more often than its rate allows; it may try again after {@link
 * #retryAfterSeconds()}.
 */
public class RateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  public RateLimitedException(String nodeId, long retryAfterSeconds) {
    super(
        "node "
            + nodeId
            + " sent more requests than its rate allows; retry after "
            + retryAfterSeconds
            + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
