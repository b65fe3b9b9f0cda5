package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class ShallowAllocationTest {
  private final AllocationChain chain =
      Nodes.chain(
          "shallow",
          new ShallowAllocation(),
          "least-loaded",
          new LeastLoadedAllocation(),
          "random",
          new RandomAllocation());

  @Test
  void handsOutTheNodeFewestHopsFromTheDataServerFirstThenTheLeastLoaded() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("newest-idle", "10.0.0.1", 9, 0).withHops(5),
            Nodes.node("first-busy", "10.0.0.2", 9, 3).withHops(1),
            Nodes.node("first-idle", "10.0.0.3", 9, 0).withHops(1),
            Nodes.node("second", "10.0.0.4", 9, 0).withHops(2));

    assertThat(Nodes.handedOut(chain, nodes))
        .containsExactly("first-idle", "first-busy", "second", "newest-idle");
  }
}
