package org.peerbook.protocol.serving;

/**
 * A token bucket: {@code burst} requests at once, then {@code perSecond} on average. Time is passed
 * in, so that tests need no clock. Besides one token at a time, it can be {@linkplain #spend spent}
 * into debt, for amounts known only once they were spent (bytes of an answer).
 */
public final class TokenBucket {
  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long last;
  private boolean refusing;

  public TokenBucket(double perSecond, int burst, long nowNanos) {
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
  public synchronized long take(long nowNanos) {
    long wait = untilWhole(nowNanos);
    if (wait == 0) {
      tokens -= 1;
    }
    return wait;
  }

  /**
   * Whether a whole token is there, without taking it (for what is charged only afterwards, once it
   * turned out to count: a failed attempt).
   *
   * @return 0 if so, else how many nanoseconds until one will be
   */
  public synchronized long untilWhole(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      refusing = false;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /**
   * Whether anything is left to spend.
   *
   * @return 0 if so, else how many nanoseconds until the debt is paid off
   */
  public synchronized long credit(long nowNanos) {
    refill(nowNanos);
    if (tokens > 0) {
      refusing = false;
      return 0;
    }
    return (long) Math.ceil(-tokens / tokensPerNano) + 1;
  }

  /** A wait this bucket said, as the whole seconds of a {@code Retry-After}: at least 1. */
  public static long retryAfterSeconds(long waitNanos) {
    return Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
  }

  /** Takes {@code amount} tokens, into debt if there are fewer. */
  public synchronized void spend(long nowNanos, double amount) {
    refill(nowNanos);
    tokens -= amount;
  }

  private void refill(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
    last = nowNanos;
  }

  /** Whether this refusal starts a run of refusals: the one worth logging. */
  public synchronized boolean startsRefusing() {
    boolean first = !refusing;
    refusing = true;
    return first;
  }
}
