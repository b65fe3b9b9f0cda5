package org.peerbook.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;
import org.peerbook.protocol.registry.HeartbeatRequest;

/**
 * The sync bytes the nodes say they received, from peers and from the data server, as their
 * heartbeats to this member told: the offload peers bring. Each node's own word (bounded per
 * heartbeat by the protocol), so it feeds these figures and nothing that steers the registry.
 */
@ApplicationScoped
public class SyncOffload {
  private final LongAdder fromPeers = new LongAdder();
  private final LongAdder fromDataServer = new LongAdder();

  public void received(HeartbeatRequest.Received received) {
    fromPeers.add(received.fromPeers());
    fromDataServer.add(received.fromDataServer());
  }

  public long fromPeers() {
    return fromPeers.sum();
  }

  public long fromDataServer() {
    return fromDataServer.sum();
  }

  /** The share of the bytes peers carried, 0 … 1; NaN before any was reported. */
  public double peerShare() {
    long peers = fromPeers();
    long total = peers + fromDataServer();
    return total == 0 ? Double.NaN : (double) peers / total;
  }
}
