package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionsPerAddressTest {
  @Test
  void letsAnAddressKeepItsShareOpenAndNoMore() throws Exception {
    var connections = new ConnectionsPerAddress(2, false, "test listener");
    InetAddress client = InetAddress.getByName("192.0.2.1");

    assertThat(connections.opened(client)).isTrue();
    assertThat(connections.opened(client)).isTrue();
    assertThat(connections.opened(client)).isFalse();
    assertThat(connections.opened(InetAddress.getByName("192.0.2.2"))).as("another").isTrue();

    connections.closed(client);
    assertThat(connections.opened(client)).as("one closed: room for one").isTrue();
    assertThat(connections.opened(client)).isFalse();
    assertThat(connections.open(client)).isEqualTo(2);
  }

  @Test
  void countsAnIpv6ClientByItsSlash64() throws Exception {
    var connections = new ConnectionsPerAddress(1, false, "test listener");

    assertThat(connections.opened(InetAddress.getByName("2001:db8:1:2::1"))).isTrue();
    assertThat(connections.opened(InetAddress.getByName("2001:db8:1:2::99"))).isFalse();
    assertThat(connections.opened(InetAddress.getByName("2001:db8:1:3::1"))).isTrue();
  }

  @Test
  void leavesLoopbackClientsToTheListenersOwnCap() throws Exception {
    var connections = ConnectionsPerAddress.shareOf(4, "test listener");
    InetAddress local = InetAddress.getByName("127.0.0.1");

    for (int i = 0; i < 10; i++) {
      assertThat(connections.opened(local)).isTrue();
    }
    assertThat(connections.open(local)).isZero();
    assertThat(connections.opened(InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(connections.opened(InetAddress.getByName("192.0.2.1")))
        .as("a quarter of 4")
        .isFalse();
  }

  @Test
  void forgetsAnAddressWithNothingOpen() throws Exception {
    var connections = new ConnectionsPerAddress(1, true, "test listener");
    InetAddress client = InetAddress.getByName("127.0.0.2");
    connections.opened(client);

    connections.closed(client);
    connections.closed(client);

    assertThat(connections.open(client)).isZero();
    assertThat(connections.opened(client)).isTrue();
    assertThat(connections.opened(client)).as("a close too many adds no room").isFalse();
  }

  @Test
  void refusesAShareBelowOne() {
    assertThatThrownBy(() -> new ConnectionsPerAddress(0, false, "test listener"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
