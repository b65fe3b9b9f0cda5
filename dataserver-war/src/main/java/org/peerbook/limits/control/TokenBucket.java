package org.peerbook.limits.control;

/**
 * A token bucket: {@code burst} requests at once, then {@code perSecond} on average. Time is passed
 * in, so that tests need no clock.
 */
final class TokenBucket {
  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long last;
  private boolean refusing;

  TokenBucket(double perSecond, int burst, long nowNanos) {
    this.tokensPerNano = perSecond / 1e9;
    this.capacity = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /**
   * Takes one token if there is one.
   *
   * @return 0 if taken, else how many nanoseconds until one will be there
   */
  synchronized long take(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      refusing = false;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /** Whether this refusal starts a run of refusals: the one worth logging. */
  synchronized boolean startsRefusing() {
    boolean first = !refusing;
    refusing = true;
    return first;
  }
}
