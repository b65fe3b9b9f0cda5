package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {
  private final HostCheck onLoopback = new HostCheck(new InetSocketAddress("127.0.0.1", 7071));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST:7071",
        "localhost.:7071",
        "127.0.0.1",
        "127.0.0.1:7071",
        "127.4.5.6:80",
        "[::1]",
        "[::1]:7071",
        "[0:0:0:0:0:0:0:1]:7071"
      })
  void answersLoopbackNamesAndAddresses(String host) {
    assertThat(onLoopback.allows(host)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "evil.example",
        "evil.example:7071",
        "localhost.evil.example",
        "127.0.0.1.evil.example",
        "127.0.0.1.nip.io:7071",
        "10.0.0.1:7071",
        "128.0.0.1",
        "127.0.0.256",
        "[::2]:7071",
        "[::1",
        "[::1]x",
        "localhost:port",
        "localhost:7071:1",
        "::1"
      })
  void refusesEveryOtherName(String host) {
    assertThat(onLoopback.allows(host)).isFalse();
  }

  @ParameterizedTest(name = "listening on {0}: {1} is {2}")
  @CsvSource({
    "192.0.2.7, 192.0.2.7:7071, true",
    "192.0.2.7, 192.0.2.8:7071, false",
    "192.0.2.7, localhost:7071, true",
  })
  void answersItsOwnListenAddress(String listen, String host, boolean allowed) {
    HostCheck check = new HostCheck(new InetSocketAddress(listen, 7071));

    assertThat(check.allows(host)).isEqualTo(allowed);
  }
}
