package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Lowest load first. The load counts the reported sessions plus the hand-outs since the node's last
 * heartbeat, so a burst of requests spreads instead of piling onto one idle node.
 */
@ApplicationScoped
@Strategy("least-loaded")
public class LeastLoadedAllocation implements AllocationStrategy {

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    return Comparator.comparingInt(ResourceNode::expectedLoad);
  }
}
