package org.peerbook.administrators.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many wrong passwords each client address may still try: a token bucket per address that a
 * failure drains and time refills. An address with an empty bucket is refused before its password
 * is hashed, so one client guessing cannot keep the server's cores busy. Passwords already verified
 * never come here (they are checked without hashing), so an administrator at the same address as a
 * guesser still gets in.
 */
public final class FailedLogins {
  /** Beyond this many addresses, full buckets (addresses that stopped failing) are forgotten. */
  private static final int MAX_TRACKED = 10_000;

  private final int burst;
  private final long refillMillis;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private record Bucket(double tokens, long atMillis) {}

  /**
   * @param burst failures an address may have in a row before it must wait
   * @param perMinute failures an address may have per minute after that
   */
  public FailedLogins(int burst, int perMinute) {
    if (burst < 1 || perMinute < 1) {
      throw new IllegalArgumentException("burst and perMinute must be at least 1");
    }
    this.burst = burst;
    this.refillMillis = 60_000L / perMinute;
  }

  /**
   * @return 0 if {@code address} may try a password now, else the seconds until it may
   */
  public long waitSeconds(String address, long nowMillis) {
    Bucket bucket = buckets.get(address);
    if (bucket == null) {
      return 0;
    }
    double tokens = refilled(bucket, nowMillis);
    if (tokens >= 1) {
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) * refillMillis / 1000.0));
  }

  /** Charges one failure to {@code address}. */
  public void failed(String address, long nowMillis) {
    if (buckets.size() >= MAX_TRACKED) {
      buckets.values().removeIf(bucket -> refilled(bucket, nowMillis) >= burst);
    }
    buckets.compute(
        address,
        (key, bucket) -> {
          double tokens = bucket == null ? burst : refilled(bucket, nowMillis);
          return new Bucket(Math.max(0, tokens - 1), nowMillis);
        });
  }

  private double refilled(Bucket bucket, long nowMillis) {
    long elapsed = Math.max(0, nowMillis - bucket.atMillis());
    return Math.min(burst, bucket.tokens() + (double) elapsed / refillMillis);
  }
}
