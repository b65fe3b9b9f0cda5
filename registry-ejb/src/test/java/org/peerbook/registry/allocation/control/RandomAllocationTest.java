package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class RandomAllocationTest {

  @Test
  void picksEveryNodeEquallyOften() {
    List<ResourceNode> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(Nodes.node("n" + i, "10.0." + i + ".1", 5, 0));
    }
    AllocationChain chain = Nodes.chain("random", new RandomAllocation());
    SplittableRandom random = new SplittableRandom(20261124);
    int draws = 20_000;
    int[] picked = new int[10];
    for (int draw = 0; draw < draws; draw++) {
      ResourceNode first =
          SourceSelection.peers(Nodes.requester("10.9.9.9", 0), nodes, chain, 1, Nodes.NOW, random)
              .get(0);
      picked[Integer.parseInt(first.nodeId().substring(1))]++;
    }
    double expected = draws / 10.0;
    double chiSquare = 0;
    for (int count : picked) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    // 9 degrees of freedom: a uniform choice exceeds 27.88 with probability 0.001
    assertThat(chiSquare).isLessThan(27.88);
  }

  @Test
  void ordersDifferentlyForDifferentRequests() {
    List<ResourceNode> nodes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      nodes.add(Nodes.node("n" + i, "10.0.0." + (i + 1), 5, 0));
    }
    AllocationChain chain = Nodes.chain("random", new RandomAllocation());
    SplittableRandom random = new SplittableRandom(7);
    var first =
        SourceSelection.peers(Nodes.requester("10.9.9.9", 0), nodes, chain, 8, Nodes.NOW, random);
    var second =
        SourceSelection.peers(Nodes.requester("10.9.9.9", 0), nodes, chain, 8, Nodes.NOW, random);
    assertThat(first).containsExactlyInAnyOrderElementsOf(nodes).isNotEqualTo(second);
  }
}
