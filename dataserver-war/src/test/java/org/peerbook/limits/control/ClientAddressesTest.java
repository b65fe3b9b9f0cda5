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

  @Test
  void readsTheClientFromForwardedWhenTheProxiesWriteThat() {
    var rfc7239 = new ClientAddresses("10.0.0.0/8, fd00::/8", "forwarded");

    assertThat(
            rfc7239.clientOf(
                "10.0.0.2",
                List.of(
                    "for=6.6.6.6;proto=https, For=198.51.100.7;by=10.0.0.1",
                    "for=\"10.0.0.1:4711\";host=book.example")))
        .as("the last hop no trusted proxy added, whatever else each element says")
        .isEqualTo("198.51.100.7");
    assertThat(rfc7239.clientOf("fd00::1", List.of("for=\"[2001:db8:cafe::17]:4711\"")))
        .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(rfc7239.clientOf("10.0.0.2", List.of("for=\"[2001:db8::7]\";by=\"a;b,c\"")))
        .as("separators inside a quoted string separate nothing")
        .isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(rfc7239.clientOf("10.0.0.2", List.of("for=198.51.100.7, for=_hidden")))
        .as("an obfuscated proxy: the last one vouched for")
        .isEqualTo("10.0.0.2");
    assertThat(rfc7239.clientOf("10.0.0.2", List.of("for=198.51.100.7, proto=https")))
        .as("an element naming no client")
        .isEqualTo("10.0.0.2");
    assertThat(rfc7239.clientOf("203.0.113.5", List.of("for=198.51.100.7")))
        .as("anyone else's header is a claim")
        .isEqualTo("203.0.113.5");
  }

  @Test
  void readsOnlyTheHeaderTheProxiesWrite() {
    var rfc7239 = new ClientAddresses("10.0.0.0/8", "Forwarded");

    // a proxy that writes Forwarded passes on the X-Forwarded-For the client wrote, and back
    assertThat(rfc7239.clientOf("10.0.0.2", List.of("198.51.100.7")))
        .as("an X-Forwarded-For value read as Forwarded names no client")
        .isEqualTo("10.0.0.2");
    assertThat(behindProxies.clientOf("10.0.0.2", List.of("for=198.51.100.7")))
        .as("a Forwarded value read as X-Forwarded-For")
        .isEqualTo("10.0.0.2");
    assertThatThrownBy(() -> new ClientAddresses("10.0.0.0/8", "X-Real-IP"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("peerbook.limits.forwarded-header");
  }

  @Test
  void textWithAColonIsParsedOnlyIfItIsShapedLikeAnAddress() {
    // InetAddress would look these up in the DNS: a request would wait for a resolver
    assertThat(ClientAddresses.literal("proxy:8080")).isEmpty();
    assertThat(ClientAddresses.literal("\"[2001:db8::7]:4711")).isEmpty();
    assertThat(ClientAddresses.literal("_hidden:1")).isEmpty();
    assertThat(ClientAddresses.literal("::ffff:198.51.100.7")).isPresent();
    var rfc7239 = new ClientAddresses("10.0.0.0/8", "Forwarded");
    assertThat(rfc7239.clientOf("10.0.0.2", List.of("for=\"[2001:db8::7]:4711, for=10.0.0.1")))
        .as("a quoted value never closed: one element, no address")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void readsNoMoreThanItsHopsOfAForwardedChainAClientMadeLong() {
    var rfc7239 = new ClientAddresses("10.0.0.0/8", "Forwarded");
    String chain = String.join(", ", java.util.Collections.nCopies(5_000, "for=10.9.9.9"));

    assertThat(rfc7239.clientOf("10.0.0.2", List.of("for=198.51.100.7, " + chain)))
        .isEqualTo("10.9.9.9");
  }
}
