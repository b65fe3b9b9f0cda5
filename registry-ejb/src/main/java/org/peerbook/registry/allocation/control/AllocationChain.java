package org.peerbook.registry.allocation.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * The chain's order for one request, best first. It is total: nodes the chain ties are ordered by
   * their random key and then their id, so a scan of the table and the {@link PeerIndex index} pick
   * the same nodes.
   */
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    Comparator<ResourceNode> order = strategies.get(0).getValue().order(requester, random);
    for (var next : strategies.subList(1, strategies.size())) {
      order = order.thenComparing(next.getValue().order(requester, random));
    }
    return order.thenComparing(TIE_BREAK);
  }

  private static final Comparator<ResourceNode> TIE_BREAK =
      Comparator.comparingLong(ResourceNode::shuffle).thenComparing(ResourceNode::nodeId);

  /** A node as the index finds it: in the set of nodes at {@code distance} from the requester. */
  public record Ranked(ResourceNode node, int distance) {}

  /**
   * Whether the {@link PeerIndex} can keep this order: every strategy is a built-in one, whose
   * order depends on the requester only through its network distance. A chain with another strategy
   * is served by a scan of the table.
   */
  public boolean isIndexable() {
    return strategies.stream()
        .map(Map.Entry::getValue)
        .allMatch(
            s ->
                s instanceof NetworkProximityAllocation
                    || s instanceof LeastLoadedAllocation
                    || s instanceof ShallowAllocation
                    || s instanceof RandomAllocation);
  }

  /** The network strategy's notion of near, if the chain has that strategy. */
  public Optional<Proximity> proximity() {
    return strategies.stream()
        .map(Map.Entry::getValue)
        .filter(NetworkProximityAllocation.class::isInstance)
        .map(s -> ((NetworkProximityAllocation) s).proximity())
        .findFirst();
  }

  /**
   * The order of an {@link #isIndexable indexable} chain over nodes found at a known distance: the
   * same as {@link #order} where each node's distance is the one given.
   */
  Comparator<Ranked> rankedOrder() {
    Comparator<Ranked> order = null;
    for (var entry : strategies) {
      Comparator<Ranked> next =
          entry.getValue() instanceof NetworkProximityAllocation
              ? Comparator.comparingInt(Ranked::distance)
              : Comparator.comparing(Ranked::node, entry.getValue().order(null, null));
      order = order == null ? next : order.thenComparing(next);
    }
    return order.thenComparing(Ranked::node, TIE_BREAK);
  }

  /** The order of an indexable chain among nodes at one distance: the chain without network. */
  Comparator<ResourceNode> orderAtOneDistance() {
    Comparator<ResourceNode> order = null;
    for (var entry : strategies) {
      if (!(entry.getValue() instanceof NetworkProximityAllocation)) {
        Comparator<ResourceNode> next = entry.getValue().order(null, null);
        order = order == null ? next : order.thenComparing(next);
      }
    }
    return order == null ? TIE_BREAK : order.thenComparing(TIE_BREAK);
  }
}
