package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Fewest {@link ResourceNode#hops hops} from a data server first, whatever a node serves already
 * (below the per-peer cap): copies spread breadth first, each level of holders serving the next, so
 * the longest chain stays near log_{k+1} N. Busy nodes are not avoided, which costs more refused
 * sessions where uplinks are shared (SwarmSimulation, {@code shallow,least-loaded,random} against
 * {@code least-loaded,random}: longest chain 9 copies instead of 12 at 100,000 agents, 6 instead of
 * 9 at 10,000, at the same times to 99%).
 */
@ApplicationScoped
@Strategy("shallow")
public class ShallowAllocation implements AllocationStrategy {

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    return Comparator.comparingInt(ResourceNode::hops);
  }
}
