package org.peerbook.limits.control;

/**
 * A node (or an unauthenticated client) asked more often than its rate allows; it may try again
 * after {@link #retryAfterSeconds()}.
 */
public class RateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  /**
   * @param who the node or client, e.g. {@code node laptop-1}
   */
  public RateLimitedException(String who, long retryAfterSeconds) {
    super(
        who + " sent more requests than its rate allows; retry after " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
