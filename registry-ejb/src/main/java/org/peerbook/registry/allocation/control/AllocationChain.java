package org.peerbook.registry.allocation.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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

  /**
   * Reads a chain such as {@code network,least-loaded,random}: each name once, looked up by {@code
   * strategyNamed}, which throws {@link UnknownStrategyException} for a name it does not know.
   */
  public static AllocationChain parse(
      String text, Function<String, AllocationStrategy> strategyNamed) {
    if (text == null || text.isBlank()) {
      throw new UnknownStrategyException("a strategy chain needs at least one strategy");
    }
    Set<String> names = new LinkedHashSet<>();
    List<Map.Entry<String, AllocationStrategy>> chain = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim();
      if (!names.add(name)) {
        throw new UnknownStrategyException("strategy " + name + " appears twice in " + text);
      }
      chain.add(Map.entry(name, strategyNamed.apply(name)));
    }
    return new AllocationChain(chain);
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
