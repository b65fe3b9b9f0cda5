package org.peerbook.agent.sync;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.HeartbeatRequest.Received;

/**
 * The sync bytes this node received, by kind of source, as they came over the wire: in total (for
 * its status) and not yet told to the resource manager (for its offload figures). A failed sync's
 * bytes count too: they cost the source as much. Heartbeats run on two threads (the periodic one,
 * and the one that reports a new version at once): each takes what it tells, so two never tell the
 * same bytes, and gives back what a failed heartbeat could not tell.
 */
final class ReceivedBytes {
  private final AtomicLong fromPeers = new AtomicLong();
  private final AtomicLong fromDataServer = new AtomicLong();
  private final AtomicLong untoldFromPeers = new AtomicLong();
  private final AtomicLong untoldFromDataServer = new AtomicLong();

  /** Where the bytes of one sync from a source of this kind go. */
  LongConsumer from(boolean dataServer) {
    return dataServer
        ? bytes -> {
          fromDataServer.addAndGet(bytes);
          untoldFromDataServer.addAndGet(bytes);
        }
        : bytes -> {
          fromPeers.addAndGet(bytes);
          untoldFromPeers.addAndGet(bytes);
        };
  }

  /**
   * Takes what the next heartbeat tells (at most what one heartbeat may tell; the rest stays for
   * the next); {@link #untold} gives it back if the heartbeat fails.
   */
  Received take() {
    return new Received(take(untoldFromPeers), take(untoldFromDataServer));
  }

  private static long take(AtomicLong untold) {
    long before = untold.getAndUpdate(bytes -> bytes - told(bytes));
    return told(before);
  }

  /** What one heartbeat tells of {@code bytes}: never less than nothing, never over the limit. */
  private static long told(long bytes) {
    return Math.min(Math.max(bytes, 0), HeartbeatRequest.MAX_RECEIVED_BYTES);
  }

  /** A heartbeat carrying {@code taken} got no answer: tell it with the next. */
  void untold(Received taken) {
    untoldFromPeers.addAndGet(taken.fromPeers());
    untoldFromDataServer.addAndGet(taken.fromDataServer());
  }

  long fromPeers() {
    return fromPeers.get();
  }

  long fromDataServer() {
    return fromDataServer.get();
  }
}
