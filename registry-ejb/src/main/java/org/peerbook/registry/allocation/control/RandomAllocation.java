package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Random order: by each node's {@link ResourceNode#shuffle place in a random order}. A node gets a
 * random place when it registers, and the registry moves it to a random place behind every node not
 * moved since each time it hands it out or the node reaches a newer version, so hand-outs spread
 * evenly over all nodes in random order (a shuffled round-robin); unlike a key drawn per request,
 * this order can be indexed. A node cannot move itself forward: registering again keeps its place,
 * and whatever moves it sends it to the back.
 */
@ApplicationScoped
@Strategy("random")
public class RandomAllocation implements AllocationStrategy {

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    return Comparator.comparingLong(ResourceNode::shuffle);
  }
}
