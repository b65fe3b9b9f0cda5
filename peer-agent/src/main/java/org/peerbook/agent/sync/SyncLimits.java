package org.peerbook.agent.sync;

import java.time.Duration;

/**
 * How much one sync with one source may take, so that no source can hold or exhaust a receiver: a
 * source that asks for more is cut off and reported. The defaults admit a first sync of a large
 * book with room to spare: a snapshot of 100,000 contacts is about 4 MB gzipped, 21 MB of JSON
 * (measured by {@code SyncLimitsTest}).
 *
 * @param maxRequests requests to the source in one sync (pages, and a snapshot with the delta after
 *     it); an honest source sends full pages of {@link org.peerbook.protocol.SyncRequest#MAX_LIMIT}
 *     entries, and a requester far behind gets a snapshot instead
 * @param deadline the whole sync, from the first request to the last byte; a source that trickles
 *     bytes hits it however often a byte arrives
 * @param maxReceivedBytes bytes read from the wire over the whole sync, as sent (gzip)
 * @param maxDecodedBytes bytes of JSON over the whole sync, after gunzip: a gzip bomb is cut here
 * @param maxPageBytes bytes of JSON in one answer that is held in memory whole before it can be
 *     verified (a DELTA page; not a snapshot's contacts, which stream one by one): a page of 10,000
 *     entries of typical contacts is about 6 MB
 */
public record SyncLimits(
    int maxRequests,
    Duration deadline,
    long maxReceivedBytes,
    long maxDecodedBytes,
    long maxPageBytes) {

  public static final SyncLimits DEFAULTS =
      new SyncLimits(500, Duration.ofSeconds(120), 256L << 20, 1L << 30, 64L << 20);

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
