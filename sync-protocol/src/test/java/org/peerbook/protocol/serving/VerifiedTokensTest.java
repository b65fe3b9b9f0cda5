package org.peerbook.protocol.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeToken.Audience;
import org.peerbook.protocol.NodeTokens;

/** Real Ed25519 tokens: a token is checked in full once, or never if this member issued it. */
class VerifiedTokensTest {
  private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
  private final KeyPair keys = keys();
  private final AtomicInteger fullChecks = new AtomicInteger();
  private final VerifiedTokens tokens =
      new VerifiedTokens(
          3,
          (token, audience, now) -> {
            fullChecks.incrementAndGet();
            return NodeTokens.verify(keys.getPublic(), token, audience, now);
          });

  @Test
  void aTokenIssuedHereIsNeverCheckedInFull() {
    NodeToken content = new NodeToken("n1", Audience.REGISTRY, NOW.plusSeconds(120));
    String token = NodeTokens.issue(keys.getPrivate(), content);

    tokens.issued(token, content, NOW);

    assertThat(tokens.verify(token, Audience.REGISTRY, NOW)).isEqualTo(content);
    assertThat(tokens.verify(token, Audience.REGISTRY, NOW.plusSeconds(60))).isEqualTo(content);
    assertThat(fullChecks).hasValue(0);
  }

  @Test
  void aTokenIssuedElsewhereIsCheckedInFullOnceThenKnown() {
    String token = issue("n2", Audience.PEER, 120);

    assertThat(tokens.verify(token, Audience.PEER, NOW).nodeId()).isEqualTo("n2");
    assertThat(tokens.verify(token, Audience.PEER, NOW.plusSeconds(1)).nodeId()).isEqualTo("n2");
    assertThat(fullChecks).hasValue(1);
  }

  @Test
  void aKnownTokenShownForAnotherAudienceOrAfterItsExpiryIsRefusedByTheFullCheck() {
    NodeToken content = new NodeToken("n3", Audience.PEER, NOW.plusSeconds(120));
    String token = NodeTokens.issue(keys.getPrivate(), content);
    tokens.issued(token, content, NOW);

    assertThatThrownBy(() -> tokens.verify(token, Audience.REGISTRY, NOW))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> tokens.verify(token, Audience.PEER, NOW.plusSeconds(121)))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(fullChecks).hasValue(2);
  }

  @Test
  void aForgedTokenIsNeverKnown() {
    String genuine = issue("n4", Audience.REGISTRY, 120);
    String forged = genuine.substring(0, genuine.length() - 4) + "AAAA";

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> tokens.verify(forged, Audience.REGISTRY, NOW))
          .isInstanceOf(InvalidTokenException.class);
    }
    assertThat(fullChecks).hasValue(2);
  }

  @Test
  void holdsAtMostItsBoundDroppingExpiredTokensFirst() {
    String expiring = issue("old", Audience.REGISTRY, 10);
    tokens.verify(expiring, Audience.REGISTRY, NOW);
    String a = issue("a", Audience.REGISTRY, 120);
    String b = issue("b", Audience.REGISTRY, 120);
    tokens.verify(a, Audience.REGISTRY, NOW);
    tokens.verify(b, Audience.REGISTRY, NOW);
    String c = issue("c", Audience.REGISTRY, 120);

    // full: the expired one makes room, a and b stay known
    tokens.verify(c, Audience.REGISTRY, NOW.plusSeconds(11));
    fullChecks.set(0);
    tokens.verify(a, Audience.REGISTRY, NOW.plusSeconds(11));
    tokens.verify(b, Audience.REGISTRY, NOW.plusSeconds(11));
    tokens.verify(c, Audience.REGISTRY, NOW.plusSeconds(11));
    assertThat(fullChecks).hasValue(0);
  }

  private String issue(String nodeId, Audience audience, long seconds) {
    return NodeTokens.issue(
        keys.getPrivate(), new NodeToken(nodeId, audience, NOW.plusSeconds(seconds)));
  }

  private static KeyPair keys() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
