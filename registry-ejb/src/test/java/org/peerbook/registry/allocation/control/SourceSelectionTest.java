package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class SourceSelectionTest {
  private final AllocationChain chain =
      Nodes.chain("least-loaded", new LeastLoadedAllocation(), "random", new RandomAllocation());

  @Test
  void handsOutOnlyLiveNodesAheadOfTheRequesterAndNeverItself() {
    ResourceNode lapsed =
        new ResourceNode(
            "lapsed",
            URI.create("http://10.0.0.4:7000/sync"),
            Nodes.ip("10.0.0.4"),
            9,
            0,
            0,
            Nodes.NOW.minusSeconds(1),
            false,
            Nodes.NOW,
            0);
    ResourceNode origin =
        new ResourceNode(
            "data-server",
            URI.create("http://10.0.0.5:8080/api/sync"),
            Nodes.ip("10.0.0.5"),
            9,
            0,
            0,
            java.time.Instant.MAX,
            true,
            Nodes.NOW,
            0);
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("ahead", "10.0.0.1", 9, 5),
            Nodes.node("same", "10.0.0.2", 4, 0),
            Nodes.node("behind", "10.0.0.3", 2, 0),
            Nodes.node("requester", "10.0.0.9", 9, 0),
            lapsed,
            origin);

    var picked =
        SourceSelection.peers(
            Nodes.requester("10.0.0.9", 4), nodes, chain, 5, Nodes.NOW, new SplittableRandom(1));

    assertThat(picked).extracting(ResourceNode::nodeId).containsExactly("ahead");
  }

  @Test
  void handsOutAtMostK() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("a", "10.0.0.1", 9, 0),
            Nodes.node("b", "10.0.0.2", 9, 1),
            Nodes.node("c", "10.0.0.3", 9, 2));

    assertThat(
            SourceSelection.peers(
                Nodes.requester("10.0.0.9", 0),
                nodes,
                chain,
                2,
                Nodes.NOW,
                new SplittableRandom(1)))
        .extracting(ResourceNode::nodeId)
        .containsExactly("a", "b");
  }

  @Test
  void composesTheChainInOrder() {
    var sites = SiteMap.parse("", "");
    AllocationChain networkFirst =
        Nodes.chain(
            "network", new NetworkProximityAllocation(24, 64, sites),
            "least-loaded", new LeastLoadedAllocation());
    AllocationChain loadFirst =
        Nodes.chain(
            "least-loaded", new LeastLoadedAllocation(),
            "network", new NetworkProximityAllocation(24, 64, sites));
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("near-busy", "10.0.0.1", 9, 8),
            Nodes.node("near-idle", "10.0.0.2", 9, 1),
            Nodes.node("far-idle", "10.7.0.1", 9, 0));
    var requester = Nodes.requester("10.0.0.9", 0);

    assertThat(
            SourceSelection.peers(
                requester, nodes, networkFirst, 3, Nodes.NOW, new SplittableRandom(1)))
        .extracting(ResourceNode::nodeId)
        .containsExactly("near-idle", "near-busy", "far-idle");
    assertThat(
            SourceSelection.peers(
                requester, nodes, loadFirst, 3, Nodes.NOW, new SplittableRandom(1)))
        .extracting(ResourceNode::nodeId)
        .containsExactly("far-idle", "near-idle", "near-busy");
    assertThat(networkFirst.names()).isEqualTo("network,least-loaded");
  }
}
