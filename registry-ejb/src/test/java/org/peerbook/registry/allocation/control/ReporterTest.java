package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReporterTest {
  @Test
  void anIpv4ReporterIsItsAddressAndAnIpv6OneItsSlash64() throws Exception {
    assertThat(Reporter.at("a", InetAddress.getByName("192.0.2.7")).network())
        .isEqualTo(Reporter.at("b", InetAddress.getByName("192.0.2.7")).network())
        .isNotEqualTo(Reporter.at("c", InetAddress.getByName("192.0.2.8")).network());
    assertThat(Reporter.at("a", InetAddress.getByName("2001:db8:1:2::1")).network())
        .isEqualTo(Reporter.at("b", InetAddress.getByName("2001:db8:1:2:ffff::9")).network())
        .isNotEqualTo(Reporter.at("c", InetAddress.getByName("2001:db8:1:3::1")).network());
  }

  @Test
  void nodesOnTheServersOwnMachineCountOneEach() throws Exception {
    Reporter one = Reporter.at("a", InetAddress.getByName("127.0.0.1"));
    Reporter other = Reporter.at("b", InetAddress.getByName("127.0.0.1"));

    assertThat(one.network()).isNotEqualTo(other.network());
    assertThat(Reporter.at("c", InetAddress.getByName("::1"))).isEqualTo(Reporter.alone("c"));
  }
}
