package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.protocol.NodeToken.Audience;

class NodeTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");
  private final KeyPair tokenKey = Samples.keyPair();
  private final KeyPair bookKey = Samples.keyPair();

  @ParameterizedTest
  @EnumSource(Audience.class)
  void verifiesWhatItIssuedForItsAudienceUntilItExpires(Audience audience) {
    String token =
        NodeTokens.issue(
            tokenKey.getPrivate(), new NodeToken("laptop-42", audience, NOW.plusSeconds(60)));

    assertThat(token).startsWith("v2." + audience.wireName() + ".");
    assertThat(NodeTokens.verify(tokenKey.getPublic(), token, audience, NOW))
        .isEqualTo(new NodeToken("laptop-42", audience, NOW.plusSeconds(60)));
    assertThatThrownBy(
            () -> NodeTokens.verify(tokenKey.getPublic(), token, audience, NOW.plusSeconds(60)))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void carriesTheLongestNodeIdARegistrationAccepts() {
    String longest = "张".repeat(64) + "\uD83D\uDE00".repeat(32); // 128 chars, 448 bytes
    String token =
        NodeTokens.issue(
            tokenKey.getPrivate(), new NodeToken(longest, Audience.PEER, NOW.plusSeconds(60)));

    assertThat(NodeTokens.verify(tokenKey.getPublic(), token, Audience.PEER, NOW).nodeId())
        .isEqualTo(longest);
  }

  @Test
  void aPeerTokenIsRefusedByTheRegistry() {
    String peer =
        NodeTokens.issue(
            tokenKey.getPrivate(), new NodeToken("laptop-42", Audience.PEER, NOW.plusSeconds(60)));

    assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), peer, Audience.REGISTRY, NOW))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("audience is peer")
        .hasMessageContaining("registry tokens only");
  }

  @Test
  void aRegistryTokenIsRefusedBySyncSources() {
    String registry =
        NodeTokens.issue(
            tokenKey.getPrivate(),
            new NodeToken("laptop-42", Audience.REGISTRY, NOW.plusSeconds(60)));

    assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), registry, Audience.PEER, NOW))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("audience is registry")
        .hasMessageContaining("peer tokens only");
  }

  @Test
  void theAudienceIsSignedSoItCannotBeRewritten() {
    String peer =
        NodeTokens.issue(
            tokenKey.getPrivate(), new NodeToken("n", Audience.PEER, NOW.plusSeconds(60)));
    String relabelled = peer.replaceFirst("^v2\\.peer\\.", "v2.registry.");

    assertThatThrownBy(
            () -> NodeTokens.verify(tokenKey.getPublic(), relabelled, Audience.REGISTRY, NOW))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("not signed by the resource manager");
  }

  @Test
  void refusesATokenOfAnotherKeyOrWithAnotherNodeIdOrExpiry() {
    String forged =
        NodeTokens.issue(
            Samples.keyPair().getPrivate(),
            new NodeToken("n", Audience.REGISTRY, NOW.plusSeconds(60)));
    String genuine =
        NodeTokens.issue(
            tokenKey.getPrivate(), new NodeToken("n", Audience.REGISTRY, NOW.plusSeconds(60)));
    String[] parts = genuine.split("\\.");
    String otherId = String.join(".", parts[0], parts[1], "bQ", parts[3], parts[4]);
    String longer =
        String.join(
            ".",
            parts[0],
            parts[1],
            parts[2],
            Long.toString(Long.parseLong(parts[3]) + 3600),
            parts[4]);
    String leadingZero = String.join(".", parts[0], parts[1], parts[2], "0" + parts[3], parts[4]);

    for (String token : new String[] {forged, otherId, longer, leadingZero}) {
      assertThatThrownBy(
              () -> NodeTokens.verify(tokenKey.getPublic(), token, Audience.REGISTRY, NOW))
          .isInstanceOf(InvalidTokenException.class)
          .hasMessageContaining("not signed by the resource manager");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Bearer x",
        "v1.a.b.c",
        "v1.bg.1.AAAA",
        "v2.bg.1.AAAA",
        "v2.admin.bg.1.AAAA",
        "v2.Peer.bg.1.AAAA",
        "v2.peer.bg.1.A A",
        "v2.peer.!!.1.AAAA",
        "v2.peer.bg.-1.AAAA",
        "v3.peer.bg.1.AAAA"
      })
  void refusesMalformedTokens(String token) {
    assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), token, Audience.PEER, NOW))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void refusesVersionOneTokensSayingWhy() {
    assertThatThrownBy(
            () -> NodeTokens.verify(tokenKey.getPublic(), "v1.bg.1.AAAA", Audience.PEER, NOW))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("v1 node tokens");
  }

  /**
   * A published test vector: Ed25519 is deterministic, so the token key made from the seed 00 01 02
   * .. 1f always gives this token. A second implementation can check itself against it.
   */
  @Test
  void matchesThePublishedTestVector() throws Exception {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) i;
    }
    PrivateKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    HexFormat.of()
                        .parseHex(
                            "302e020100300506032b657004220420" + HexFormat.of().formatHex(seed))));
    NodeToken claims =
        new NodeToken("laptop-42", Audience.PEER, Instant.ofEpochSecond(1_764_561_600L));

    assertThat(
            new String(
                NodeTokens.signingInput("peer", "laptop-42", 1_764_561_600L),
                StandardCharsets.UTF_8))
        .isEqualTo("peerbook-node-token-v2\npeer\nlaptop-42\n1764561600");
    assertThat(NodeTokens.issue(key, claims)).isEqualTo(TEST_VECTOR);
  }

  // checked against an independent Ed25519 implementation (Python's cryptography package)
  private static final String TEST_VECTOR =
      "v2.peer.bGFwdG9wLTQy.1764561600."
          + "y3sVxdnOxJgAJ24551a4d_hBI2KF903hOyOY50pqZqNbjq_iXWvf83l3NchOOJrDwqUpQsoaI5JVtvuBk4hBBA";

  @Test
  void anAgentTrustsATokenKeyEndorsedByTheBookKeyOnly() {
    String endorsement = NodeTokens.endorse(bookKey.getPrivate(), tokenKey.getPublic());

    assertThat(NodeTokens.isEndorsed(bookKey.getPublic(), tokenKey.getPublic(), endorsement))
        .isTrue();
    assertThat(
            NodeTokens.isEndorsed(bookKey.getPublic(), Samples.keyPair().getPublic(), endorsement))
        .isFalse();
    assertThat(
            NodeTokens.isEndorsed(Samples.keyPair().getPublic(), tokenKey.getPublic(), endorsement))
        .isFalse();
    assertThat(NodeTokens.isEndorsed(bookKey.getPublic(), tokenKey.getPublic(), "not base64!"))
        .isFalse();
  }
}
