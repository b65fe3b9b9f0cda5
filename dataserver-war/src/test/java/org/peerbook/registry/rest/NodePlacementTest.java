package org.peerbook.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.control.InvalidNodeException;

class NodePlacementTest {
  private final NodePlacement behindGateways =
      new NodePlacement("192.0.2.1, 10.8.0.0/16, fd00:8::/32");

  @Test
  void aNodeIsPlacedWhereItsRequestsComeFrom() {
    assertThat(behindGateways.of("203.0.113.5", "10.1.2.3"))
        .as("a claim from anyone else")
        .isEqualTo("203.0.113.5");
    assertThat(new NodePlacement("").of("192.0.2.1", "10.1.2.3"))
        .as("no reporter trusted")
        .isEqualTo("192.0.2.1");
    assertThat(behindGateways.of("2001:db8::7", "10.1.2.3")).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(behindGateways.of("fe80::1%eth0", "10.1.2.3"))
        .as("the zone names an interface of the server")
        .isEqualTo("fe80:0:0:0:0:0:0:1");
  }

  @Test
  void believesTheClaimOfANodeBehindATrustedReporter() {
    assertThat(behindGateways.of("192.0.2.1", "10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(behindGateways.of("10.8.200.1", "172.16.0.9")).isEqualTo("172.16.0.9");
    assertThat(behindGateways.of("fd00:8::1", "fd12::5")).isEqualTo("fd12::5");
    assertThat(behindGateways.of("10.9.0.1", "172.16.0.9"))
        .as("next to a trusted range")
        .isEqualTo("10.9.0.1");
  }

  @Test
  void aMalformedClaimIsRefusedWhetherOrNotItWouldBeBelieved() {
    assertThatThrownBy(() -> behindGateways.of("203.0.113.5", "intranet.example"))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("networkAddress");
    assertThatThrownBy(() -> behindGateways.of("192.0.2.1", "300.1.1.1"))
        .isInstanceOf(InvalidNodeException.class);
  }

  @Test
  void aBadReporterRangeStopsTheStart() {
    assertThatThrownBy(() -> new NodePlacement("10.0.0.0/8, gateway"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(NodePlacement.TRUSTED_REPORTERS)
        .hasMessageContaining("gateway");
  }
}
