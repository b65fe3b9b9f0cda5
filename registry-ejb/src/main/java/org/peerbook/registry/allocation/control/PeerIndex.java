package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.peerbook.registry.allocation.control.AllocationChain.Ranked;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The peers the registry may hand out, kept in the order of one {@link AllocationChain#isIndexable
 * indexable} chain, so that a request costs O((v + k) log N) instead of a scan of all N nodes: v is
 * the number of distinct versions ahead of the requester among live nodes (a handful: nodes that
 * stop heartbeating leave) and k the number of sources.
 *
 * <p>Nodes are grouped by version and by {@link ResourceNode#hops hops}; within those, by subnet
 * and by site if the chain has the network strategy, and all together; every group is a sorted set
 * in the chain's order among nodes at one distance. A request merges the groups that can hold
 * useful sources (every version ahead of the requester; its subnet at distance 0, its site at 1,
 * neighbouring sites at 2, all at 3), taking the best head of them each time: first the groups
 * within the {@link HopBudget hop budget}, then, while they gave fewer than k, the deeper ones a
 * level of hops at a time. A node is in several groups, but its own distance is the smallest of
 * them and the rest of its rank is the same in all, so it comes out first from the right group and
 * later copies are skipped: the result is exactly what {@link SourceSelection}'s scan picks.
 *
 * <p>A node counted at {@code sessionsPerPeer} sessions or more, or at the fewer it said it serves
 * at once ({@link ResourceNode#isFull}), is full: it is in no group, only counted per version, so
 * that a request neither hands it out nor passes over it, and learns that a full peer could help it
 * soon ({@link PeerPick#peersFull}).
 *
 * <p>Holds only nodes that are not data servers; lapsed leases stay until swept and are skipped.
 * Not thread-safe: the node table calls it under its lock. The entry given to {@link #remove} must
 * be the one {@link #add added}, so the table replaces a node's entry through here.
 */
public final class PeerIndex {
  private final AllocationChain chain;
  private final Proximity proximity;
  private final Comparator<ResourceNode> orderAtOneDistance;
  private final Comparator<Ranked> rankedOrder;
  private final int sessionsPerPeer;
  private final TreeMap<Long, VersionGroups> byVersion = new TreeMap<>();

  private PeerIndex(AllocationChain chain, int sessionsPerPeer) {
    this.chain = chain;
    this.sessionsPerPeer = sessionsPerPeer;
    this.proximity = chain.proximity().orElse(null);
    this.orderAtOneDistance = chain.orderAtOneDistance();
    this.rankedOrder = chain.rankedOrder();
  }

  /**
   * An index of {@code nodes} for {@code chain}; empty if the chain cannot be indexed.
   *
   * @param nodes every node of the table; data servers are left out
   */
  public static Optional<PeerIndex> of(AllocationChain chain, Collection<ResourceNode> nodes) {
    return of(chain, Integer.MAX_VALUE, nodes);
  }

  /**
   * An index of {@code nodes} for {@code chain} in which a node counted at {@code sessionsPerPeer}
   * sessions is full; empty if the chain cannot be indexed.
   */
  public static Optional<PeerIndex> of(
      AllocationChain chain, int sessionsPerPeer, Collection<ResourceNode> nodes) {
    if (!chain.isIndexable()) {
      return Optional.empty();
    }
    PeerIndex index = new PeerIndex(chain, sessionsPerPeer);
    nodes.forEach(index::add);
    return Optional.of(index);
  }

  /** The most sessions a peer is counted at before it is full. */
  public int sessionsPerPeer() {
    return sessionsPerPeer;
  }

  /** The chain this index keeps the order of. */
  public AllocationChain chain() {
    return chain;
  }

  public void add(ResourceNode node) {
    if (node.origin()) {
      return;
    }
    VersionGroups version = byVersion.computeIfAbsent(node.version(), v -> new VersionGroups());
    if (isFull(node)) {
      version.full++;
      version.fullByHops.merge(node.hops(), 1, Integer::sum);
      return;
    }
    HopGroups groups = version.byHops.computeIfAbsent(node.hops(), h -> new HopGroups());
    groups.all.add(node);
    if (proximity != null) {
      groups.bySubnet.computeIfAbsent(subnetOf(node), s -> newGroup()).add(node);
      proximity
          .siteOf(node.networkAddress())
          .ifPresent(site -> groups.bySite.computeIfAbsent(site, s -> newGroup()).add(node));
    }
  }

  public void remove(ResourceNode node) {
    if (node.origin()) {
      return;
    }
    VersionGroups version = byVersion.get(node.version());
    if (version == null) {
      return;
    }
    HopGroups groups = version.byHops.get(node.hops());
    if (isFull(node)) {
      if (version.full == 0) {
        return;
      }
      version.full--;
      version.fullByHops.computeIfPresent(node.hops(), (h, count) -> count == 1 ? null : count - 1);
    } else if (groups != null && groups.all.remove(node)) {
      if (proximity != null) {
        removeFrom(groups.bySubnet, subnetOf(node), node);
        proximity
            .siteOf(node.networkAddress())
            .ifPresent(site -> removeFrom(groups.bySite, site, node));
      }
      if (groups.all.isEmpty()) {
        version.byHops.remove(node.hops());
      }
    } else {
      return;
    }
    if (version.byHops.isEmpty() && version.full == 0) {
      byVersion.remove(node.version());
    }
  }

  private boolean isFull(ResourceNode node) {
    return node.isFull(sessionsPerPeer);
  }

  /**
   * The best {@code k} nodes for {@code requester} in the chain's order: live, ahead of it, not
   * itself, not demoted, not full.
   */
  public List<ResourceNode> best(
      Requester requester, int k, Instant now, Predicate<String> demoted) {
    return pick(requester, k, Integer.MAX_VALUE, now, demoted).sources();
  }

  /**
   * As {@link #best} in {@link HopBudget#order}: nodes below {@code hopRounds} hops, then deeper
   * ones by hops; and whether full peers ahead of the requester were left out.
   */
  public PeerPick pick(
      Requester requester, int k, int hopRounds, Instant now, Predicate<String> demoted) {
    Proximity.Subnet subnet =
        proximity == null ? null : proximity.subnetOf(requester.networkAddress());
    Optional<String> site =
        proximity == null ? Optional.empty() : proximity.siteOf(requester.networkAddress());
    Collection<VersionGroups> ahead = byVersion.tailMap(requester.version(), false).values();
    List<ResourceNode> best = new ArrayList<>(k);
    Set<String> seen = new HashSet<>();
    take(best, k, heads(ahead, subnet, site, h -> h < hopRounds), requester, now, demoted, seen);
    if (best.size() < k) {
      take(best, k, heads(ahead, subnet, site, h -> h == hopRounds), requester, now, demoted, seen);
    }
    if (best.size() < k && ahead.stream().noneMatch(v -> v.fullWithin(hopRounds))) {
      // further, one level of hops at a time, only when no holder within a level of the budget
      // will be free again: the chain grows by as little as it can
      TreeSet<Integer> deeper = new TreeSet<>();
      ahead.forEach(version -> deeper.addAll(version.byHops.tailMap(hopRounds, false).keySet()));
      for (Iterator<Integer> levels = deeper.iterator(); best.size() < k && levels.hasNext(); ) {
        int level = levels.next();
        take(best, k, heads(ahead, subnet, site, h -> h == level), requester, now, demoted, seen);
      }
    }
    return new PeerPick(best, ahead.stream().anyMatch(groups -> groups.full > 0));
  }

  /**
   * The groups ahead whose hops {@code within} accepts, each at its distance from the requester.
   */
  private PriorityQueue<Cursor> heads(
      Collection<VersionGroups> ahead,
      Proximity.Subnet subnet,
      Optional<String> site,
      IntPredicate within) {
    PriorityQueue<Cursor> heads = new PriorityQueue<>();
    for (VersionGroups version : ahead) {
      for (var entry : version.byHops.entrySet()) {
        if (!within.test(entry.getKey())) {
          continue;
        }
        HopGroups groups = entry.getValue();
        if (proximity == null) {
          enter(heads, groups.all, Proximity.ELSEWHERE);
          continue;
        }
        enter(heads, groups.bySubnet.get(subnet), Proximity.SAME_SUBNET);
        if (site.isPresent()) {
          enter(heads, groups.bySite.get(site.get()), Proximity.SAME_SITE);
          for (String neighbour : proximity.neighboursOf(site.get())) {
            enter(heads, groups.bySite.get(neighbour), Proximity.NEIGHBOUR_SITE);
          }
        }
        enter(heads, groups.all, Proximity.ELSEWHERE);
      }
    }
    return heads;
  }

  /** Adds the best of {@code heads} to {@code best} until it holds {@code k}. */
  private static void take(
      List<ResourceNode> best,
      int k,
      PriorityQueue<Cursor> heads,
      Requester requester,
      Instant now,
      Predicate<String> demoted,
      Set<String> seen) {
    while (best.size() < k && !heads.isEmpty()) {
      Cursor cursor = heads.poll();
      ResourceNode node = cursor.current.node();
      if (cursor.advance()) {
        heads.add(cursor);
      }
      if (seen.add(node.nodeId())
          && !node.nodeId().equals(requester.nodeId())
          && node.isLive(now)
          && !demoted.test(node.nodeId())) {
        best.add(node);
      }
    }
  }

  /** How many nodes the index holds. */
  public int size() {
    return byVersion.values().stream()
        .mapToInt(
            version ->
                version.full
                    + version.byHops.values().stream().mapToInt(groups -> groups.all.size()).sum())
        .sum();
  }

  private void enter(PriorityQueue<Cursor> heads, TreeSet<ResourceNode> group, int distance) {
    if (group != null && !group.isEmpty()) {
      Cursor cursor = new Cursor(group.iterator(), distance);
      cursor.advance();
      heads.add(cursor);
    }
  }

  private Proximity.Subnet subnetOf(ResourceNode node) {
    return proximity.subnetOf(node.networkAddress());
  }

  private TreeSet<ResourceNode> newGroup() {
    return new TreeSet<>(orderAtOneDistance);
  }

  private static <K> void removeFrom(
      Map<K, TreeSet<ResourceNode>> groups, K key, ResourceNode node) {
    TreeSet<ResourceNode> group = groups.get(key);
    if (group != null && group.remove(node) && group.isEmpty()) {
      groups.remove(key);
    }
  }

  private static final class VersionGroups {
    final TreeMap<Integer, HopGroups> byHops = new TreeMap<>();
    final TreeMap<Integer, Integer> fullByHops = new TreeMap<>();
    int full;

    /** Whether a full node of this version is at most {@code hops} from a data server. */
    boolean fullWithin(int hops) {
      return !fullByHops.headMap(hops, true).isEmpty();
    }
  }

  private final class HopGroups {
    final TreeSet<ResourceNode> all = newGroup();
    final Map<Proximity.Subnet, TreeSet<ResourceNode>> bySubnet = new HashMap<>();
    final Map<String, TreeSet<ResourceNode>> bySite = new HashMap<>();
  }

  /** One group, read in order: its current node ranked at the group's distance. */
  private final class Cursor implements Comparable<Cursor> {
    private final Iterator<ResourceNode> nodes;
    private final int distance;
    private Ranked current;

    Cursor(Iterator<ResourceNode> nodes, int distance) {
      this.nodes = nodes;
      this.distance = distance;
    }

    boolean advance() {
      if (!nodes.hasNext()) {
        return false;
      }
      current = new Ranked(nodes.next(), distance);
      return true;
    }

    @Override
    public int compareTo(Cursor other) {
      return rankedOrder.compare(current, other.current);
    }
  }
}
