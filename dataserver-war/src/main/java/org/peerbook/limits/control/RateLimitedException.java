package org.peerbook.limits.control;

import org.peerbook.protocol.serving.RefusedException;

/**
 * A node (or an unauthenticated client) asked more often than its rate allows; it may try again
 * after {@link #retryAfterSeconds()}.
 */
public class RateLimitedException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public static final String TITLE = "Too many requests";

  /**
   * @param who the node or client, e.g. {@code node laptop-1}
   * @param what what it asked for too often: {@code requests}, {@code snapshots}
   */
  public RateLimitedException(String who, String what, long retryAfterSeconds) {
    super(
        429,
        TITLE,
        who + " is over its rate of " + what + "; retry after " + retryAfterSeconds + " s",
        retryAfterSeconds);
  }
}
