package org.peerbook.agent.sync;

import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.peerbook.protocol.serving.BucketTable;
import org.peerbook.protocol.serving.RefusedException;
import org.peerbook.protocol.serving.TokenBucket;

/**
 * The sync requests each peer may make of this agent: {@link #BURST} at once and {@link
 * #PER_SECOND} a second after that, charged once its token checked out, so nobody spends another
 * node's rate. An honest peer asks a source a few times per change; without a bound, one node with
 * a valid token could keep an agent's cores busy answering it back to back. Beyond: 429 with {@code
 * Retry-After}, as the data server answers a node over its rate.
 */
final class PeerRequestRates {
  static final int BURST = 100;
  static final double PER_SECOND = 20;
  // peers remembered; a forgotten one starts again with a full bucket
  private static final int MAX_NODES = 4096;
  private static final Logger LOG = Logger.getLogger(PeerRequestRates.class.getName());

  private final BucketTable buckets = new BucketTable(PER_SECOND, BURST, MAX_NODES);
  private final LongSupplier nanoTime;

  PeerRequestRates(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Counts one request of {@code nodeId}.
   *
   * @throws RefusedException 429 if the node is over its rate here
   */
  void admit(String nodeId) {
    long now = nanoTime.getAsLong();
    TokenBucket bucket = buckets.bucket(nodeId, now);
    long wait = bucket.take(now);
    if (wait == 0) {
      return;
    }
    if (bucket.startsRefusing()) {
      LOG.info(() -> "refusing node " + nodeId + "'s sync requests: over its rate here");
    }
    throw new RefusedException(
        429,
        "Too many requests",
        "node " + nodeId + " is over its rate of sync requests to this agent",
        TokenBucket.retryAfterSeconds(wait));
  }
}
