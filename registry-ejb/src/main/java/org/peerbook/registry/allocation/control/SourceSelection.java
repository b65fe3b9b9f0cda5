package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Picks peers for a requester (patent D2), version-aware: a node is a useful source only if it
 * holds a newer version than the requester; it must hold a live lease and not be the requester
 * itself, and not be demoted. Data servers are not peers: they are the fallback, decided elsewhere.
 *
 * <p>This is the definition, by a scan of every node: O(N) per request. The node table answers from
 * its {@link PeerIndex} instead, which picks the same nodes in O((v + k) log N), and scans only for
 * a chain with a strategy the index does not know.
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
    return peers(requester, nodes, chain, k, now, random, nodeId -> false);
  }

  /**
   * @param demoted whether a node is demoted after reports against it: it is handed to nobody
   */
  public static List<ResourceNode> peers(
      Requester requester,
      Collection<ResourceNode> nodes,
      AllocationChain chain,
      int k,
      Instant now,
      RandomGenerator random,
      Predicate<String> demoted) {
    return pick(
            requester, nodes, chain, k, Integer.MAX_VALUE, Integer.MAX_VALUE, now, random, demoted)
        .sources();
  }

  /**
   * @param sessionsPerPeer a node counted at this many sessions ({@link
   *     ResourceNode#expectedLoad}), or at the fewer it said it serves at once, is full ({@link
   *     ResourceNode#isFull}): handed to nobody, but told of in {@link PeerPick#peersFull}
   * @param hopRounds nodes below this many hops come before deeper ones ({@link HopBudget#order})
   * @param demoted whether a node is demoted after reports against it: it is handed to nobody
   */
  public static PeerPick pick(
      Requester requester,
      Collection<ResourceNode> nodes,
      AllocationChain chain,
      int k,
      int sessionsPerPeer,
      int hopRounds,
      Instant now,
      RandomGenerator random,
      Predicate<String> demoted) {
    Comparator<ResourceNode> order =
        HopBudget.order(hopRounds).thenComparing(chain.order(requester, random));
    // the k best in one pass, O(n log k): the table may hold tens of thousands of nodes; those
    // within a level of the budget apart from deeper ones
    PriorityQueue<ResourceNode> nearBest = new PriorityQueue<>(k + 1, order.reversed());
    PriorityQueue<ResourceNode> deeperBest = new PriorityQueue<>(k + 1, order.reversed());
    boolean full = false;
    boolean nearFull = false;
    for (ResourceNode node : nodes) {
      boolean near = node.hops() <= hopRounds;
      boolean nodeFull = node.isFull(sessionsPerPeer);
      if (near && nodeFull && isAhead(requester, node)) {
        // lapsed, demoted or not, as the index counts full nodes
        nearFull = true;
      }
      if (!isUsefulTo(requester, node, now) || demoted.test(node.nodeId())) {
        continue;
      }
      if (nodeFull) {
        full = true;
        continue;
      }
      keepBest(near ? nearBest : deeperBest, node, k);
    }
    List<ResourceNode> picked = sorted(nearBest, order);
    if (picked.size() < k && !nearFull) {
      List<ResourceNode> further = sorted(deeperBest, order);
      picked.addAll(further.subList(0, Math.min(further.size(), k - picked.size())));
    }
    // a near full node held deeper ones back: the requester waits for it, as for any full peer
    return new PeerPick(picked, full || nearFull);
  }

  private static void keepBest(PriorityQueue<ResourceNode> best, ResourceNode node, int k) {
    best.add(node);
    if (best.size() > k) {
      best.poll();
    }
  }

  private static List<ResourceNode> sorted(
      PriorityQueue<ResourceNode> best, Comparator<ResourceNode> order) {
    List<ResourceNode> sorted = new ArrayList<>(best);
    sorted.sort(order);
    return sorted;
  }

  /** A peer holding a newer version than the requester's. */
  private static boolean isAhead(Requester requester, ResourceNode node) {
    return !node.origin() && node.version() > requester.version();
  }

  private static boolean isUsefulTo(Requester requester, ResourceNode node, Instant now) {
    return isAhead(requester, node)
        && !node.nodeId().equals(requester.nodeId())
        && node.isLive(now);
  }
}
