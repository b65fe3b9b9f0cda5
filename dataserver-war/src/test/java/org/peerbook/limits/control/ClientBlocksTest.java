package org.peerbook.limits.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientBlocksTest {
  @Test
  void anIpv4AddressIsItsOwnBlock() {
    assertThat(ClientBlocks.of("192.0.2.17", 64)).isEqualTo("192.0.2.17");
    assertThat(ClientBlocks.of("::ffff:192.0.2.17", 64))
        .as("an IPv4-mapped address is the IPv4 address")
        .isEqualTo("192.0.2.17");
  }

  @Test
  void everyAddressOfOneIpv6SubnetIsOneBlock() {
    String first = ClientBlocks.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64);

    assertThat(first).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(ClientBlocks.of("2001:db8:1:2::1", 64)).isEqualTo(first);
    assertThat(ClientBlocks.of("[2001:db8:1:2:ffff::9]", 64)).isEqualTo(first);
    assertThat(ClientBlocks.of("2001:db8:1:3::1", 64)).isNotEqualTo(first);
  }

  @Test
  void aPrefixNeedNotEndOnAByte() {
    assertThat(ClientBlocks.of("2001:db8:1:2ff::1", 56)).isEqualTo("2001:db8:1:200:0:0:0:0/56");
    assertThat(ClientBlocks.of("2001:db8:abcd::1", 36)).isEqualTo("2001:db8:a000:0:0:0:0:0/36");
    assertThat(ClientBlocks.of("fe80::1:2%eth0", 128)).isEqualTo("fe80:0:0:0:0:0:1:2/128");
  }

  @Test
  void anythingButAnAddressIsLeftAsItIs() {
    assertThat(ClientBlocks.of("not:an:address:at:all", 64)).isEqualTo("not:an:address:at:all");
    assertThat(ClientBlocks.of("localhost", 64)).isEqualTo("localhost");
    assertThat(ClientBlocks.of(null, 64)).isNull();
  }
}
