package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The allocation decision as a pure function of the node table: peers ahead of the requester that
 * are not demoted, else nothing if it holds the head, else the data server (whose bounded slots are
 * admitted elsewhere). The resource manager, a cluster member and the simulation can all call it on
 * their own table.
 */
public final class Allocator {
  private Allocator() {}

  /** What the requester should do. */
  public enum Kind {
    /** Sync from {@link Decision#peers()}. */
    PEERS,
    /** Nothing to do: it holds the head. */
    UP_TO_DATE,
    /** No peer can help: the data server, if a slot is free. */
    DATA_SERVER
  }

  public record Decision(Kind kind, List<ResourceNode> peers) {}

  /**
   * @param peerAssisted off: every node goes to the data server, as before PeerBook
   * @param demoted nodes handed to nobody for now
   */
  public static Decision decide(
      Requester requester,
      Collection<ResourceNode> nodes,
      AllocationChain chain,
      int k,
      boolean peerAssisted,
      long headVersion,
      Predicate<String> demoted,
      Instant now,
      RandomGenerator random) {
    List<ResourceNode> peers =
        peerAssisted
            ? SourceSelection.peers(requester, nodes, chain, k, now, random, demoted)
            : List.of();
    if (!peers.isEmpty()) {
      return new Decision(Kind.PEERS, peers);
    }
    if (requester.version() >= headVersion) {
      return new Decision(Kind.UP_TO_DATE, List.of());
    }
    return new Decision(Kind.DATA_SERVER, List.of());
  }
}
