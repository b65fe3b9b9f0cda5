package org.peerbook.registry.allocation.control;

import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * One policy for choosing sync sources: an order over candidate nodes, best first. Nodes the order
 * ties are left for the next strategy of the chain.
 */
public interface AllocationStrategy {

  /**
   * @param random the randomness this request may use (seeded in tests)
   */
  Comparator<ResourceNode> order(Requester requester, RandomGenerator random);
}
