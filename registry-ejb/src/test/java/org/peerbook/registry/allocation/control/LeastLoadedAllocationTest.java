package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class LeastLoadedAllocationTest {
  private final AllocationChain chain =
      Nodes.chain("least-loaded", new LeastLoadedAllocation(), "random", new RandomAllocation());

  @Test
  void handsOutTheLeastLoadedNodeFirst() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("busy", "10.0.0.1", 9, 7),
            Nodes.node("idle", "10.0.0.2", 9, 0),
            Nodes.node("some", "10.0.0.3", 9, 2));

    var picked =
        SourceSelection.peers(
            Nodes.requester("10.0.0.9", 1), nodes, chain, 2, Nodes.NOW, new SplittableRandom(1));

    assertThat(picked).extracting(ResourceNode::nodeId).containsExactly("idle", "some");
  }

  @Test
  void amongEquallyLoadedNodesHandsOutTheOneFewestHopsFromTheDataServer() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("newest", "10.0.0.1", 9, 0).withHops(6),
            Nodes.node("first", "10.0.0.2", 9, 0).withHops(1),
            Nodes.node("busy-first", "10.0.0.3", 9, 1).withHops(1),
            Nodes.node("second", "10.0.0.4", 9, 0).withHops(2));

    assertThat(Nodes.handedOut(chain, nodes))
        .containsExactly("first", "second", "newest", "busy-first");
  }

  @Test
  void spreadsABurstOverEqualNodesByCountingHandOuts() {
    Map<String, ResourceNode> table = new HashMap<>();
    for (String id : List.of("a", "b", "c", "d")) {
      table.put(id, Nodes.node(id, "10.0.0.1", 9, 0));
    }
    Map<String, Integer> handOuts = new HashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int request = 0; request < 40; request++) {
      ResourceNode chosen =
          SourceSelection.peers(
                  Nodes.requester("10.0.0.9", 1), table.values(), chain, 1, Nodes.NOW, random)
              .get(0);
      table.put(chosen.nodeId(), chosen.handedOutOnce(0));
      handOuts.merge(chosen.nodeId(), 1, Integer::sum);
    }
    assertThat(handOuts.values()).containsOnly(10);
  }
}
