package org.peerbook.protocol.serving;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One token bucket per key, for the most recently seen {@code maxKeys} keys: a flood of made-up
 * keys cannot exhaust memory (a forgotten key starts again with a full bucket).
 */
public final class BucketTable {
  private final double perSecond;
  private final int burst;
  private final Map<String, TokenBucket> buckets;

  public BucketTable(double perSecond, int burst, int maxKeys) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /** The bucket of {@code key}, made full if it is new. */
  public TokenBucket bucket(String key, long nowNanos) {
    synchronized (buckets) {
      return buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, nowNanos));
    }
  }
}
