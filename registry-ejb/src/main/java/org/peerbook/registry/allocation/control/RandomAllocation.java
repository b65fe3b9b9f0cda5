package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Uniform choice: a fresh random key per node and request (the node id mixed with a random salt
 * through a 64-bit finaliser), so every order of the candidates is equally likely.
 */
@ApplicationScoped
@Strategy("random")
public class RandomAllocation implements AllocationStrategy {

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    long salt = random.nextLong();
    return Comparator.comparingLong(
        node -> mix(salt ^ node.nodeId().hashCode() * 0x9E3779B97F4A7C15L));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
