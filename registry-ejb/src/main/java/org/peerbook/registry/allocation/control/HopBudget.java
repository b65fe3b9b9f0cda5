package org.peerbook.registry.allocation.control;

import java.util.Comparator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Keeps copies on short chains whatever the strategy chain: a holder fewer than {@link #rounds}
 * {@link ResourceNode#hops hops} from a data server is handed out before any deeper one, so a copy
 * lands at most that many hops away while such a holder has room; holders at the line come next.
 * Deeper ones come by hops, and only while no holder within the line is full: one that is will be
 * free in a moment, and the requester waits for it (it hears that peers are full) rather than
 * lengthen the chain, so chains stay within ⌈log_{k+1} N⌉ + 1 wherever all of a site asks at once.
 * The strategy chain orders the holders within the budget, and those at one depth beyond it.
 *
 * <p>The line is the fewest rounds in which N nodes can hold a copy when every holder passes it to
 * {@code fanOut} more per round: the smallest r with (fanOut + 1)^r ≥ N, i.e. ⌈log_{k+1} N⌉.
 * Without it, the order the chain prefers (the nearest subnet, the idlest node) kept handing out
 * the newest holders, deep ones, and chains grew with the order in which nodes asked: 17 hops at
 * 1,000,000 simulated agents with {@code network,least-loaded,random}, against ⌈log_4 N⌉ = 10.
 *
 * @param fanOut the sources handed to each requester (k); 0 for no budget
 */
public record HopBudget(int fanOut) {
  /** No line: the strategy chain alone decides. */
  public static final HopBudget NONE = new HopBudget(0);

  public HopBudget {
    if (fanOut < 0) {
      throw new IllegalArgumentException("the fan-out must not be negative");
    }
  }

  /** The hops from which a holder is deep among {@code peers} nodes. */
  public int rounds(long peers) {
    if (fanOut == 0) {
      return Integer.MAX_VALUE;
    }
    int rounds = 1;
    long reached = fanOut + 1L;
    while (reached < peers) {
      reached = reached > Long.MAX_VALUE / (fanOut + 1L) ? Long.MAX_VALUE : reached * (fanOut + 1L);
      rounds++;
    }
    return rounds;
  }

  /**
   * Holders below {@code rounds} hops first, then deeper ones by hops: when every holder within the
   * budget is full, the chain grows by one hop, not by whatever the strategy chain prefers.
   */
  static Comparator<ResourceNode> order(int rounds) {
    return Comparator.comparingInt(node -> Math.max(0, node.hops() - rounds + 1));
  }
}
