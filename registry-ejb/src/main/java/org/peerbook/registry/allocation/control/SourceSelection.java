package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Picks peers for a requester (patent D2), version-aware: a node is a useful source only if it
 * holds a newer version than the requester; it must hold a live lease and not be the requester
 * itself. Data servers are not peers: they are the fallback, decided elsewhere.
 */
public final class SourceSelection {
  private SourceSelection() {}

  public static List<ResourceNode> peers(
      Requester requester,
      Collection<ResourceNode> nodes,
      AllocationChain chain,
      int k,
      Instant now,
      RandomGenerator random) {
    return nodes.stream()
        .filter(node -> !node.origin())
        .filter(node -> !node.nodeId().equals(requester.nodeId()))
        .filter(node -> node.isLive(now))
        .filter(node -> node.version() > requester.version())
        .sorted(chain.order(requester, random))
        .limit(k)
        .toList();
  }
}
