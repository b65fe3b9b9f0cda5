package org.peerbook.protocol;

import java.time.Duration;

/**
 * When a requester leaves an honest but slow source for another peer the resource manager offered
 * it: once the source's bytes have flowed for {@code patience}, a source sending fewer than {@code
 * minBytesPerSecond} is left. A copy from a peer on a thin uplink (a laptop on a VPN shares 20
 * Mbit/s among the peers it serves) would otherwise set how late everyone below it in the chain
 * gets the change, while a faster peer was offered beside it.
 *
 * <p>Leaving is not a fault: the source is not reported, only not asked again in that sync. The
 * requester leaves at most once per sync and only for another peer, never the data server and never
 * its last choice, so a requester on a slow link of its own (where every source looks slow) loses
 * one patience at most and still finishes from a source it keeps. The time before the first byte
 * does not count here: how long a source may take to start answering is the sync's answer timeout.
 * The agent and the swarm simulation both leave by this rule.
 *
 * @param patience how long the source's bytes flow before its rate is judged
 * @param minBytesPerSecond below this rate (bytes as they come over the wire, compressed) the
 *     source is left; 0 never leaves
 */
public record SlowSource(Duration patience, long minBytesPerSecond) {
  /**
   * One second below 512 KiB/s (4.2 Mbit/s): a peer on a VPN laptop's 20 Mbit/s serving 8 at once
   * sends 2.5 Mbit/s to each; one on an office desktop's 100 Mbit/s, 12.5.
   */
  public static final SlowSource DEFAULT = new SlowSource(Duration.ofSeconds(1), 512 << 10);

  /** Keeps every source however slow, within the sync's own limits. */
  public static final SlowSource NEVER = new SlowSource(Duration.ofSeconds(1), 0);

  public SlowSource {
    if (patience.isNegative() || patience.isZero() || minBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "a slow source's patience must be positive and its rate at least 0: "
              + patience
              + ", "
              + minBytesPerSecond);
    }
  }

  /** Whether this rule ever leaves a source. */
  public boolean leaves() {
    return minBytesPerSecond > 0;
  }

  /**
   * Whether a source that sent {@code bytes} in {@code flowingNanos} since its first byte is slow:
   * false before the patience is up.
   */
  public boolean isSlow(long bytes, long flowingNanos) {
    return leaves()
        && flowingNanos >= patience.toNanos()
        && bytes * 1e9 < (double) minBytesPerSecond * flowingNanos;
  }

  /**
   * The time since the first byte at which a source that sends nothing more than {@code bytes} is
   * slow: how long a requester may wait for more before it judges again. {@link Long#MAX_VALUE} if
   * this rule never leaves.
   */
  public long slowFromNanos(long bytes) {
    if (!leaves()) {
      return Long.MAX_VALUE;
    }
    double atRate = bytes * 1e9 / minBytesPerSecond;
    return Math.max(patience.toNanos(), atRate >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) atRate);
  }
}
