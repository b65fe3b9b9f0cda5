package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.SyncRequest;

class NodeCredentialsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");
  private final KeyPair bookKey = keyPair();
  private final KeyPair tokenKey = keyPair();
  private final NodeCredentials credentials =
      new NodeCredentials(bookKey.getPublic(), Clock.fixed(NOW, ZoneOffset.UTC));

  private RegistryClient.Lease lease(KeyPair endorsedBy) {
    return new RegistryClient.Lease(
        60,
        1,
        token("me"),
        HeadSignatures.encode(tokenKey.getPublic()),
        NodeTokens.endorse(endorsedBy.getPrivate(), tokenKey.getPublic()));
  }

  private String token(String nodeId) {
    return NodeTokens.issue(tokenKey.getPrivate(), new NodeToken(nodeId, NOW.plusSeconds(120)));
  }

  private static SyncRequest from(String nodeId) {
    return new SyncRequest(nodeId, 0, Hashes.ZERO, 10);
  }

  @Test
  void takesTheTokenAndChecksPeersWithTheEndorsedKey() {
    credentials.accept(lease(bookKey));

    assertThat(credentials.token()).isEqualTo(token("me"));
    credentials.check(from("peer"), "Bearer " + token("peer"));
    assertThatThrownBy(() -> credentials.check(from("peer"), "Bearer " + token("someone-else")))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("someone-else");
    assertThatThrownBy(() -> credentials.check(from("peer"), null))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void ignoresATokenKeyTheBookKeyDidNotEndorse() {
    credentials.accept(lease(keyPair()));

    assertThat(credentials.token()).isEmpty();
    assertThatThrownBy(() -> credentials.check(from("peer"), "Bearer " + token("peer")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
