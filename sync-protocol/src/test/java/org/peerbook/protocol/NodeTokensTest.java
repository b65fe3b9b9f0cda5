package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");
  private final KeyPair tokenKey = Samples.keyPair();
  private final KeyPair bookKey = Samples.keyPair();

  @Test
  void verifiesWhatItIssuedUntilItExpires() {
    String token =
        NodeTokens.issue(tokenKey.getPrivate(), new NodeToken("laptop-42", NOW.plusSeconds(60)));

    assertThat(NodeTokens.verify(tokenKey.getPublic(), token, NOW))
        .isEqualTo(new NodeToken("laptop-42", NOW.plusSeconds(60)));
    assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), token, NOW.plusSeconds(60)))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void refusesATokenOfAnotherKeyOrWithAnotherNodeIdOrExpiry() {
    String forged =
        NodeTokens.issue(Samples.keyPair().getPrivate(), new NodeToken("n", NOW.plusSeconds(60)));
    String genuine =
        NodeTokens.issue(tokenKey.getPrivate(), new NodeToken("n", NOW.plusSeconds(60)));
    String[] parts = genuine.split("\\.");
    String otherId = parts[0] + ".bQ." + parts[2] + "." + parts[3];
    String longer =
        parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3];

    for (String token : new String[] {forged, otherId, longer}) {
      assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), token, NOW))
          .isInstanceOf(InvalidTokenException.class)
          .hasMessageContaining("not signed by the resource manager");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "Bearer x", "v1.a.b.c", "v2.bg.1.AAAA", "v1.bg.1.A A", "v1.!!.1.AAAA"})
  void refusesMalformedTokens(String token) {
    assertThatThrownBy(() -> NodeTokens.verify(tokenKey.getPublic(), token, NOW))
        .isInstanceOf(InvalidTokenException.class);
  }

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
