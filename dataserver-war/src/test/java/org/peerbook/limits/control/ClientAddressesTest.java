package org.peerbook.limits.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses behindProxies =
      new ClientAddresses("10.0.0.0/8, fd00::/8, 192.0.2.1");

  @Test
  void takesTheForwardedClientOnlyFromATrustedProxy() {
    assertThat(behindProxies.clientOf("10.1.2.3", List.of("198.51.100.7")))
        .isEqualTo("198.51.100.7");
    assertThat(behindProxies.clientOf("203.0.113.5", List.of("198.51.100.7")))
        .as("anyone else's header is a claim")
        .isEqualTo("203.0.113.5");
    assertThat(new ClientAddresses("").clientOf("10.1.2.3", List.of("198.51.100.7")))
        .as("no proxy trusted")
        .isEqualTo("10.1.2.3");
    assertThat(behindProxies.clientOf("10.1.2.3", List.of())).as("no header").isEqualTo("10.1.2.3");
  }

  @Test
  void theClientIsTheLastAddressNoTrustedProxyAdded() {
    // what the client wrote itself comes first; each proxy appends whom it got the request from
    assertThat(
            behindProxies.clientOf(
                "10.0.0.2", List.of("6.6.6.6, 198.51.100.7, 10.0.0.1", "192.0.2.1")))
        .isEqualTo("198.51.100.7");
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("10.0.0.9, 10.0.0.1")))
        .as("only proxies: the first of them")
        .isEqualTo("10.0.0.9");
    assertThat(behindProxies.clientOf("fd00::1", List.of("2001:db8::7")))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void aForwardedNameOrGarbageIsNeverLookedUp() {
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("example.com, 10.0.0.1")))
        .as("garbage where a proxy would have written an address: the last one vouched for")
        .isEqualTo("10.0.0.1");
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("unknown"))).isEqualTo("10.0.0.2");
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("198.51.100.7:4711")))
        .isEqualTo("198.51.100.7");
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("[2001:db8::7]:4711")))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void readsNoMoreThanItsHopsOfAChainAClientMadeLong() {
    // a client that writes thousands of trusted-looking hops gets the sixteenth from the end
    String chain = String.join(", ", java.util.Collections.nCopies(5_000, "10.9.9.9"));

    assertThat(behindProxies.clientOf("10.0.0.2", List.of("198.51.100.7, " + chain)))
        .isEqualTo("10.9.9.9");
  }

  @Test
  void refusesATrustedProxyItCannotRead() {
    assertThatThrownBy(() -> new ClientAddresses("10.0.0.0/33"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> new ClientAddresses("proxy.example.com"))
        .isInstanceOf(IllegalStateException.class);
  }
}
