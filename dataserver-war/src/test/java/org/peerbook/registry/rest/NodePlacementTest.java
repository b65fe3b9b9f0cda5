package org.peerbook.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.control.InvalidNodeException;

class NodePlacementTest {
  private static final ExecutorService POOL = Executors.newCachedThreadPool();

  /**
   * The JDK's resolver for {@code localhost}; the corporate names a name server would answer for.
   */
  private static final HostLookups LOOKUPS =
      new HostLookups(
          POOL,
          2000,
          host ->
              switch (host) {
                case "laptop-42.corp.example" -> addresses("203.0.113.5");
                case "dual.corp.example" -> addresses("203.0.113.5", "198.51.100.9");
                default -> InetAddress.getAllByName(host);
              });

  private final NodePlacement behindGateways =
      new NodePlacement("192.0.2.1, 10.8.0.0/16, fd00:8::/32", LOOKUPS);
  private final NodePlacement trustingNobody = new NodePlacement("", LOOKUPS);

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static InetAddress[] addresses(String... literals) throws UnknownHostException {
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = InetAddress.getByName(literals[i]);
    }
    return addresses;
  }

  @Test
  void aSyncAddressMustPointAtTheAddressTheRegistrationComesFrom() {
    trustingNobody.checkSyncAddress("203.0.113.5", URI.create("http://203.0.113.5:7001/api/sync"));
    trustingNobody.checkSyncAddress(
        "203.0.113.5", URI.create("https://laptop-42.corp.example:7001"));
    trustingNobody.checkSyncAddress("2001:db8::7", URI.create("http://[2001:db8:0::7]:7001"));

    assertThatThrownBy(
            () -> trustingNobody.checkSyncAddress("203.0.113.5", URI.create("http://10.0.0.9:80")))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("syncAddress")
        .hasMessageContaining("203.0.113.5")
        .hasMessageContaining("10.0.0.9");
    assertThatThrownBy(
            () ->
                trustingNobody.checkSyncAddress(
                    "203.0.113.5", URI.create("http://dual.corp.example:7001")))
        .as("a name that also points elsewhere")
        .isInstanceOf(InvalidNodeException.class);
    assertThatThrownBy(
            () ->
                trustingNobody.checkSyncAddress(
                    "203.0.113.6", URI.create("http://laptop-42.corp.example:7001")))
        .isInstanceOf(InvalidNodeException.class);
    assertThatThrownBy(
            () ->
                trustingNobody.checkSyncAddress(
                    "203.0.113.5", URI.create("http://nowhere.invalid:7001")))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("does not resolve");
    assertThatThrownBy(
            () -> trustingNobody.checkSyncAddress("203.0.113.5", URI.create("http://127.0.0.1:80")))
        .as("the server's own loopback, seen from a remote node")
        .isInstanceOf(InvalidNodeException.class);
  }

  @Test
  void aLoopbackClientMayNameAnyLoopbackAddressAndATrustedReportersNodesAnyHost() {
    trustingNobody.checkSyncAddress("127.0.0.1", URI.create("http://127.0.0.9:7001"));
    trustingNobody.checkSyncAddress("127.0.0.1", URI.create("http://localhost:7001"));
    trustingNobody.checkSyncAddress("::1", URI.create("http://127.0.0.2:7001"));
    behindGateways.checkSyncAddress("10.8.3.4", URI.create("http://172.16.0.9:7001"));
    behindGateways.checkSyncAddress("192.0.2.1", URI.create("http://intranet-host.invalid:7001"));

    assertThatThrownBy(
            () -> behindGateways.checkSyncAddress("10.9.0.1", URI.create("http://172.16.0.9:7001")))
        .isInstanceOf(InvalidNodeException.class);
  }

  @Test
  void aNodeIsPlacedWhereItsRequestsComeFrom() {
    assertThat(behindGateways.of("203.0.113.5", "10.1.2.3"))
        .as("a claim from anyone else")
        .isEqualTo("203.0.113.5");
    assertThat(trustingNobody.of("192.0.2.1", "10.1.2.3"))
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
    assertThatThrownBy(() -> new NodePlacement("10.0.0.0/8, gateway", LOOKUPS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(NodePlacement.TRUSTED_REPORTERS)
        .hasMessageContaining("gateway");
  }
}
