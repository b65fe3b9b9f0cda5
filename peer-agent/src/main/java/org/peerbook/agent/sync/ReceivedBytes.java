package org.peerbook.agent.sync;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.HeartbeatRequest.Received;

/**
 * The sync bytes this node received, by kind of source, as they came over the wire: in total (for
 * its status) and since its last acknowledged heartbeat (for the resource manager's offload
 * figures). A failed sync's bytes count too: they cost the source as much.
 */
final class ReceivedBytes {
  private final AtomicLong fromPeers = new AtomicLong();
  private final AtomicLong fromDataServer = new AtomicLong();
  private final AtomicLong unreportedFromPeers = new AtomicLong();
  private final AtomicLong unreportedFromDataServer = new AtomicLong();

  /** Where the bytes of one sync from a source of this kind go. */
  LongConsumer from(boolean dataServer) {
    return dataServer
        ? bytes -> {
          fromDataServer.addAndGet(bytes);
          unreportedFromDataServer.addAndGet(bytes);
        }
        : bytes -> {
          fromPeers.addAndGet(bytes);
          unreportedFromPeers.addAndGet(bytes);
        };
  }

  /** What the next heartbeat says (at most what one heartbeat may say; the rest follows). */
  Received unreported() {
    return new Received(
        Math.min(unreportedFromPeers.get(), HeartbeatRequest.MAX_RECEIVED_BYTES),
        Math.min(unreportedFromDataServer.get(), HeartbeatRequest.MAX_RECEIVED_BYTES));
  }

  /** A heartbeat carrying {@code received} was answered: that much is told. */
  void reported(Received received) {
    unreportedFromPeers.addAndGet(-received.fromPeers());
    unreportedFromDataServer.addAndGet(-received.fromDataServer());
  }

  long fromPeers() {
    return fromPeers.get();
  }

  long fromDataServer() {
    return fromDataServer.get();
  }
}
