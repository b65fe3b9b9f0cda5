package org.peerbook.registry.allocation.control;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Strategies applied in order: the first decides, the next breaks its ties, and so on ("any one or
 * a combination", patent claim 6).
 */
public final class AllocationChain {
  private final List<Map.Entry<String, AllocationStrategy>> strategies;

  public AllocationChain(List<Map.Entry<String, AllocationStrategy>> strategies) {
    if (strategies.isEmpty()) {
      throw new UnknownStrategyException("a strategy chain needs at least one strategy");
    }
    this.strategies = List.copyOf(strategies);
  }

  /** The chain as configured, e.g. {@code network,least-loaded,random}. */
  public String names() {
    return String.join(",", strategies.stream().map(Map.Entry::getKey).toList());
  }

  /** The name of the strategy that decides first, for statistics. */
  public String leading() {
    return strategies.get(0).getKey();
  }

  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    Comparator<ResourceNode> order = strategies.get(0).getValue().order(requester, random);
    for (var next : strategies.subList(1, strategies.size())) {
      order = order.thenComparing(next.getValue().order(requester, random));
    }
    return order;
  }
}
