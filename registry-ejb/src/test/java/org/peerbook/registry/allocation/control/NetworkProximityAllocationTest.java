package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class NetworkProximityAllocationTest {
  private final SiteMap sites =
      SiteMap.parse(
          "10.1.0.0/16=paris; 10.2.0.0/16=lyon; 10.3.0.0/16=tokyo; 2001:db8:1::/48=paris",
          "paris=lyon");
  private final NetworkProximityAllocation network = new NetworkProximityAllocation(24, 64, sites);
  private final AllocationChain chain =
      Nodes.chain("network", network, "random", new RandomAllocation());

  @Test
  void prefersTheSameSubnetThenSiteThenNeighboursThenTheRest() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("tokyo", "10.3.0.5", 9, 0),
            Nodes.node("lyon", "10.2.0.5", 9, 0),
            Nodes.node("paris-other-subnet", "10.1.7.5", 9, 0),
            Nodes.node("same-subnet", "10.1.1.77", 9, 0),
            Nodes.node("unmapped", "192.168.1.1", 9, 0));

    var ordered =
        SourceSelection.peers(
            Nodes.requester("10.1.1.20", 1), nodes, chain, 5, Nodes.NOW, new SplittableRandom(5));

    assertThat(ordered)
        .extracting(ResourceNode::nodeId)
        .startsWith("same-subnet", "paris-other-subnet", "lyon")
        .containsExactlyInAnyOrder(
            "same-subnet", "paris-other-subnet", "lyon", "tokyo", "unmapped");
  }

  @Test
  void usesTheIpv6PrefixForIpv6Nodes() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("far", "2001:db8:9::1", 9, 0),
            Nodes.node("near", "2001:db8:1:0:aaaa::1", 9, 0),
            Nodes.node("v4", "10.1.1.1", 9, 0));

    var ordered =
        SourceSelection.peers(
            Nodes.requester("2001:db8:1:0::42", 1),
            nodes,
            chain,
            3,
            Nodes.NOW,
            new SplittableRandom(5));

    assertThat(ordered.get(0).nodeId()).isEqualTo("near");
  }

  @Test
  void honoursAConfiguredPrefixLength() {
    var wide = new NetworkProximityAllocation(16, 64, SiteMap.parse("", ""));
    var requester = Nodes.requester("10.5.1.1", 0);
    assertThat(wide.distance(requester, Nodes.node("x", "10.5.200.1", 1, 0))).isZero();
    assertThat(network.distance(requester, Nodes.node("x", "10.5.200.1", 1, 0))).isEqualTo(3);
  }
}
