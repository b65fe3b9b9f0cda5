package org.peerbook.agent.sync;

import java.time.Duration;

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
 */
public record SyncLimits(
    int maxRequests,
    Duration deadline,
    long maxReceivedBytes,
    long maxDecodedBytes,
    long maxPageBytes) {

  public static final SyncLimits DEFAULTS =
      new SyncLimits(500, Duration.ofSeconds(60), 256L << 20, 1L << 30, 64L << 20);

  public SyncLimits {
    if (maxRequests < 1
        || deadline.isNegative()
        || deadline.isZero()
        || maxReceivedBytes < 1
        || maxDecodedBytes < 1
        || maxPageBytes < 1) {
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
              + " in a page");
    }
  }
}
