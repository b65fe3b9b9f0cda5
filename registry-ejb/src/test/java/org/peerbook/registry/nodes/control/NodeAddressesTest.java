package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.5:7000/api/sync", "https://peer.example.com:443/sync"})
  void acceptsAbsoluteHttpUrlsWithHostAndPort(String url) {
    assertThat(NodeAddresses.syncAddress(url).toString()).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://peer:21/sync            | http or https",
        "/api/sync                     | http or https",
        "http://peer/sync              | host and a port",
        "http://peer:99999/sync        | host and a port",
        "http://user:pw@peer:80/sync   | user info",
        "http://peer:80/sync?x=1       | query",
        "http://peer:80/ sync          | not a URL",
      })
  void refusesOtherAddressesNamingTheField(String url, String reason) {
    assertThatThrownBy(() -> NodeAddresses.syncAddress(url))
        .isInstanceOfSatisfying(
            InvalidNodeException.class, e -> assertThat(e.field()).isEqualTo("syncAddress"))
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "127.0.0.1", "::1", "2001:db8::7"})
  void acceptsIpLiterals(String ip) {
    assertThat(NodeAddresses.networkAddress(ip)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad.cafe", "256.1.1.1", "10.1.2", "localhost", "1::2::3", ""})
  void refusesAnythingButIpLiteralsWithoutAskingDns(String text) {
    assertThatThrownBy(() -> NodeAddresses.networkAddress(text))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("networkAddress");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-x", "a b", "x/../y"})
  void refusesBadNodeIds(String id) {
    assertThatThrownBy(() -> NodeAddresses.nodeId(id)).hasMessageContaining("nodeId");
  }
}
