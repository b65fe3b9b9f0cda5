package org.peerbook.agent.sync;

import java.time.Duration;
import org.peerbook.protocol.SlowSource;

/**
 * How much one sync with one source may take, so that no source can hold or exhaust a receiver: a
 * source that asks for more is cut off and reported. The defaults admit a first sync of a large
 * book with room to spare: a snapshot of 100,000 contacts with every usual field filled is 3.6 MB
 * gzipped, 49 MB of JSON, and a full delta page of them 7.4 MB (measured by {@code
 * SyncLimitsTest}).
 *
 * @param maxRequests requests to the source in one sync (pages, and a snapshot with the delta after
 *     it); an honest source sends full pages of {@link org.peerbook.protocol.SyncRequest#MAX_LIMIT}
 *     entries, and a requester far behind gets a snapshot instead
 * @param deadline how long one sync may wait for the source in all: to connect, for answers, for
 *     their bytes; a source that trickles bytes spends it however often a byte arrives. The time
 *     the agent spends verifying and applying does not count, so that a slow disk never makes an
 *     honest source look like a staller
 * @param maxReceivedBytes bytes read from the wire over the whole sync, as sent (gzip)
 * @param maxDecodedBytes bytes of JSON over the whole sync, after gunzip: a gzip bomb is cut here
 * @param maxPageBytes bytes of JSON in one answer that is held in memory whole before it can be
 *     verified (a DELTA page; not a snapshot's contacts, which stream one by one)
 * @param answerTimeout how long the source may take to start an answer (its status line), and how
 *     long it may wait in all before {@code minBytesPerSecond} applies: a black hole costs this,
 *     not the whole {@code deadline}
 * @param minBytesPerSecond once the sync waited {@code answerTimeout} in all, the source must have
 *     sent at least this many bytes per second of waiting: a slow-drip sender is cut there, not at
 *     the deadline, while an honest source on any usable link sends far more
 * @param slowSource when a source that is within these limits but slow gets a second copy started
 *     beside it, from the next peer offered ({@link SlowSource})
 */
public record SyncLimits(
    int maxRequests,
    Duration deadline,
    long maxReceivedBytes,
    long maxDecodedBytes,
    long maxPageBytes,
    Duration answerTimeout,
    long minBytesPerSecond,
    SlowSource slowSource) {

  /** Ten seconds: a peer answers a sync request in milliseconds; a new heartbeat comes in 20 s. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  /** 32 KiB/s: a quarter of a megabit; a 100,000-contact snapshot is 3.6 MB gzipped. */
  static final long MIN_BYTES_PER_SECOND = 32 << 10;

  public static final SyncLimits DEFAULTS =
      new SyncLimits(500, Duration.ofSeconds(60), 256L << 20, 1L << 30, 64L << 20);

  /** Limits with the default rule for slow sources. */
  public SyncLimits(
      int maxRequests,
      Duration deadline,
      long maxReceivedBytes,
      long maxDecodedBytes,
      long maxPageBytes,
      Duration answerTimeout,
      long minBytesPerSecond) {
    this(
        maxRequests,
        deadline,
        maxReceivedBytes,
        maxDecodedBytes,
        maxPageBytes,
        answerTimeout,
        minBytesPerSecond,
        SlowSource.DEFAULT);
  }

  /** Limits with the default answer timeout (or the deadline, if shorter) and rate. */
  public SyncLimits(
      int maxRequests,
      Duration deadline,
      long maxReceivedBytes,
      long maxDecodedBytes,
      long maxPageBytes) {
    this(
        maxRequests,
        deadline,
        maxReceivedBytes,
        maxDecodedBytes,
        maxPageBytes,
        deadline.compareTo(ANSWER_TIMEOUT) < 0 ? deadline : ANSWER_TIMEOUT,
        MIN_BYTES_PER_SECOND);
  }

  public SyncLimits {
    java.util.Objects.requireNonNull(slowSource, "slowSource");
    if (maxRequests < 1
        || deadline.isNegative()
        || deadline.isZero()
        || maxReceivedBytes < 1
        || maxDecodedBytes < 1
        || maxPageBytes < 1
        || answerTimeout.isNegative()
        || answerTimeout.isZero()
        || minBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "sync limits must be positive: "
              + maxRequests
              + " requests, "
              + deadline
              + ", "
              + maxReceivedBytes
              + " bytes received, "
              + maxDecodedBytes
              + " decoded, "
              + maxPageBytes
              + " in a page, answers within "
              + answerTimeout
              + ", at least "
              + minBytesPerSecond
              + " bytes/s");
    }
  }
}
