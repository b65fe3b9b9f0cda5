package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.control.LocalNodeTable;
import org.peerbook.registry.nodes.control.NodeClaim;
import org.peerbook.registry.nodes.entity.ResourceNode;

class RandomAllocationTest {
  private final AllocationChain chain = Nodes.chain("random", new RandomAllocation());

  @Test
  void ordersByEachNodesRandomKey() {
    List<ResourceNode> nodes = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10; i++) {
      nodes.add(withShuffle(Nodes.node("n" + i, "10.0." + i + ".1", 5, 0), random.nextLong()));
    }

    var picked =
        SourceSelection.peers(Nodes.requester("10.9.9.9", 0), nodes, chain, 10, Nodes.NOW, random);

    assertThat(picked)
        .extracting(ResourceNode::shuffle)
        .isSortedAccordingTo(Long::compare)
        .hasSize(10);
  }

  @Test
  void handsOutEveryNodeEquallyOftenOverManyRequests() {
    LocalNodeTable table = new LocalNodeTable();
    SplittableRandom random = new SplittableRandom(20261124);
    for (int i = 0; i < 10; i++) {
      table.register(
          new NodeClaim(
              "n" + i,
              URI.create("http://10.0." + i + ".1:7000/sync"),
              Nodes.ip("10.0." + i + ".1"),
              "n" + i,
              last -> 5,
              Nodes.NOW,
              Nodes.NOW.plusSeconds(60)),
          random);
    }
    int draws = 20_000;
    int[] picked = new int[10];
    for (int draw = 0; draw < draws; draw++) {
      ResourceNode first =
          table
              .handOut(
                  Nodes.requester("10.9.9.9", 0),
                  chain,
                  1,
                  HopBudget.NONE,
                  Integer.MAX_VALUE,
                  Nodes.NOW,
                  id -> false,
                  random)
              .sources()
              .get(0);
      picked[Integer.parseInt(first.nodeId().substring(1))]++;
    }
    // a node handed out goes behind those not handed out since: every node gets its share
    double expected = draws / 10.0;
    double chiSquare = 0;
    for (int count : picked) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    // 9 degrees of freedom: a uniform choice exceeds 27.88 with probability 0.001
    assertThat(chiSquare).isLessThan(27.88);
  }

  static ResourceNode withShuffle(ResourceNode node, long shuffle) {
    return new ResourceNode(
        node.nodeId(),
        node.syncAddress(),
        node.networkAddress(),
        node.version(),
        node.load(),
        node.handedOut(),
        node.leaseExpiry(),
        node.origin(),
        node.registeredAt(),
        shuffle);
  }
}
