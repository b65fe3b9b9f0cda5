package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.RefusedException;

class NodeCredentialsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");
  private final KeyPair bookKey = keyPair();
  private final KeyPair tokenKey = keyPair();
  @TempDir Path home;
  private NodeCredentials credentials;

  @BeforeEach
  void open() {
    credentials = credentialsIn(home);
  }

  private NodeCredentials credentialsIn(Path dir) {
    return new NodeCredentials(
        bookKey.getPublic(), Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("node-token"));
  }

  private LeaseAnswer lease(KeyPair endorsedBy) {
    return lease(endorsedBy, Map.of());
  }

  private LeaseAnswer lease(KeyPair endorsedBy, Map<String, Instant> revoked) {
    return lease(endorsedBy, revoked, NOW.plusSeconds(120));
  }

  /** A lease whose registry token expires at {@code expires}: a new token at each instant. */
  private LeaseAnswer lease(Instant expires) {
    return lease(bookKey, Map.of(), expires);
  }

  private LeaseAnswer lease(KeyPair endorsedBy, Map<String, Instant> revoked, Instant expires) {
    return lease(endorsedBy, revoked, expires, tokenKey);
  }

  private LeaseAnswer lease(
      KeyPair endorsedBy, Map<String, Instant> revoked, Instant expires, KeyPair tokenKey) {
    return new LeaseAnswer(
        60,
        1,
        1,
        revoked,
        new LeaseAnswer.IssuedTokens(
            registryToken("me", expires),
            token("me"),
            NOW.plusSeconds(120),
            HeadSignatures.encode(tokenKey.getPublic()),
            NodeTokens.endorse(endorsedBy.getPrivate(), tokenKey.getPublic())));
  }

  /** A peer token. */
  private String token(String nodeId) {
    return token(nodeId, NOW.plusSeconds(120));
  }

  private String token(String nodeId, Instant expires) {
    return NodeTokens.issue(
        tokenKey.getPrivate(), new NodeToken(nodeId, NodeToken.Audience.PEER, expires));
  }

  private String registryToken(String nodeId) {
    return registryToken(nodeId, NOW.plusSeconds(120));
  }

  private String registryToken(String nodeId, Instant expires) {
    return NodeTokens.issue(
        tokenKey.getPrivate(), new NodeToken(nodeId, NodeToken.Audience.REGISTRY, expires));
  }

  private static SyncRequest from(String nodeId) {
    return new SyncRequest(nodeId, 0, Hashes.ZERO, 10);
  }

  @Test
  void takesTheTokenAndChecksPeersWithTheEndorsedKey() {
    credentials.accept(lease(bookKey));

    assertThat(credentials.registryToken()).isEqualTo(registryToken("me"));
    assertThat(credentials.peerToken()).isEqualTo(token("me"));
    credentials.check(from("peer"), "Bearer " + token("peer"));
    assertThatThrownBy(() -> credentials.check(from("peer"), "Bearer " + token("someone-else")))
        .as("another node's token is valid but does not entitle: 403, as on the data server")
        .isInstanceOf(NotEntitledException.class)
        .hasMessageContaining("someone-else");
    assertThatThrownBy(() -> credentials.check(from("peer"), null))
        .isInstanceOf(InvalidTokenException.class);
  }

  /**
   * A machine whose clock is ten minutes ahead would take every peer's fresh token for expired, and
   * one ten minutes behind would take expired ones: tokens are checked by the resource manager's
   * time, as its answers tell it.
   */
  @Test
  void checksPeersTokensByTheResourceManagersTimeNotTheMachines() {
    var ahead = new RegistryClock(Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));
    var checking = new NodeCredentials(bookKey.getPublic(), ahead, home.resolve("ahead-token"));
    checking.accept(lease(bookKey));
    assertThatThrownBy(() -> checking.check(from("peer"), "Bearer " + token("peer")))
        .as("by the machine's clock")
        .isInstanceOf(InvalidTokenException.class);

    ahead.observe(NOW);
    checking.check(from("peer"), "Bearer " + token("peer"));

    var behind = new RegistryClock(Clock.fixed(NOW.minusSeconds(600), ZoneOffset.UTC));
    var late = new NodeCredentials(bookKey.getPublic(), behind, home.resolve("behind-token"));
    late.accept(lease(bookKey));
    String expired = "Bearer " + token("peer", NOW.minusSeconds(1));
    late.check(from("peer"), expired);
    behind.observe(NOW);
    assertThatThrownBy(() -> late.check(from("peer"), expired))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  /**
   * Peer tokens are verified once and then known; a new token key (the resource manager's was
   * replaced) makes those known under the old one count for nothing.
   */
  @Test
  void forgetsThePeerTokensItKnowsWhenTheTokenKeyChanges() {
    credentials.accept(lease(bookKey));
    String underTheOldKey = "Bearer " + token("peer");
    credentials.check(from("peer"), underTheOldKey);
    credentials.check(from("peer"), underTheOldKey);
    KeyPair newKey = keyPair();

    credentials.accept(lease(bookKey, Map.of(), NOW.plusSeconds(120), newKey));

    assertThatThrownBy(() -> credentials.check(from("peer"), underTheOldKey))
        .isInstanceOf(InvalidTokenException.class);
    credentials.check(
        from("peer"),
        "Bearer "
            + NodeTokens.issue(
                newKey.getPrivate(),
                new NodeToken("peer", NodeToken.Audience.PEER, NOW.plusSeconds(120))));
  }

  @Test
  void servesPeersOnPeerTokensOnlyNeverOnARegistryToken() {
    credentials.accept(lease(bookKey));

    assertThatThrownBy(() -> credentials.check(from("peer"), "Bearer " + registryToken("peer")))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("audience is registry");
  }

  @Test
  void keepsTheRegistryTokenForTheNextStartOwnerReadableOnly() throws IOException {
    assertThat(credentials.registryToken()).isEmpty();
    credentials.accept(lease(bookKey));

    NodeCredentials restarted = credentialsIn(home);

    assertThat(restarted.registryToken()).isEqualTo(registryToken("me"));
    assertThat(restarted.peerToken()).as("never on disk").isEmpty();
    assertThat(Files.readString(home.resolve("node-token"))).doesNotContain(token("me"));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("node-token"))))
        .isEqualTo("rw-------");
  }

  @Test
  void keepsTheTokenForTheOwnerOnlyOnAWindowsFileSystemThroughItsAccessControlList()
      throws IOException {
    try (FileSystem ntfs =
        Jimfs.newFileSystem(
            Configuration.windows().toBuilder()
                .setAttributeViews("basic", "owner", "dos", "acl")
                .build())) {
      Path dataDir = Files.createDirectories(ntfs.getPath("C:\\ProgramData\\PeerBook\\agent"));
      credentialsIn(dataDir).accept(lease(bookKey));

      Path file = dataDir.resolve("node-token");
      assertThat(credentialsIn(dataDir).registryToken()).isEqualTo(registryToken("me"));
      AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
      assertThat(acl.getAcl())
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.type()).isEqualTo(AclEntryType.ALLOW);
                assertThat(entry.principal()).isEqualTo(acl.getOwner());
              });
      try (Stream<Path> left = Files.list(dataDir)) {
        assertThat(left).as("no draft left behind").containsExactly(file);
      }
    }
  }

  @Test
  void keepsTheTokenOnAFileSystemWithoutPermissionsAndSaysSoOnce() throws IOException {
    try (FileSystem fat =
            Jimfs.newFileSystem(
                Configuration.windows().toBuilder().setAttributeViews("basic").build());
        LogRecords log = LogRecords.of(NodeCredentials.class)) {
      Path dataDir = Files.createDirectories(fat.getPath("C:\\usb-stick\\agent"));
      NodeCredentials onFat = credentialsIn(dataDir);

      onFat.accept(lease(NOW.plusSeconds(120)));
      onFat.accept(lease(NOW.plusSeconds(120)));
      onFat.accept(lease(NOW.plusSeconds(180)));

      assertThat(credentialsIn(dataDir).registryToken())
          .isEqualTo(registryToken("me", NOW.plusSeconds(180)));
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains("neither POSIX permissions nor access control lists");
    }
  }

  @Test
  void triesEachNewTokenAgainWhenTheFileCannotBeWrittenButWarnsOnce() throws IOException {
    Path missing = home.resolve("not-yet");
    NodeCredentials credentials = credentialsIn(missing);
    try (LogRecords log = LogRecords.of(NodeCredentials.class)) {
      credentials.accept(lease(NOW.plusSeconds(120)));
      credentials.accept(lease(NOW.plusSeconds(180)));

      assertThat(credentials.registryToken())
          .as("works from memory")
          .isEqualTo(registryToken("me", NOW.plusSeconds(180)));
      assertThat(log.warnings()).singleElement().asString().contains("told once");

      Files.createDirectories(missing);
      credentials.accept(lease(NOW.plusSeconds(240)));

      assertThat(credentialsIn(missing).registryToken())
          .isEqualTo(registryToken("me", NOW.plusSeconds(240)));
      assertThat(log.warnings()).hasSize(1);
    }
  }

  @Test
  void refusesTheStillValidTokensOfANodeIssuedBeforeItsRevocationButNotLaterOnes() {
    Instant cutoff = NOW.plusSeconds(120);
    credentials.accept(lease(bookKey, Map.of("evicted", cutoff)));

    assertThatThrownBy(() -> credentials.check(from("evicted"), "Bearer " + token("evicted")))
        .isInstanceOf(NotEntitledException.class)
        .hasMessageContaining("evicted");
    assertThatThrownBy(
            () ->
                credentials.check(
                    from("evicted"), "Bearer " + token("evicted", cutoff.minusSeconds(30))))
        .isInstanceOf(NotEntitledException.class);
    // issued after it registered again: later expiry than the cut-off
    credentials.check(from("evicted"), "Bearer " + token("evicted", cutoff.plusSeconds(1)));
    credentials.check(from("peer"), "Bearer " + token("peer"));
  }

  @Test
  void ignoresATokenKeyTheBookKeyDidNotEndorse() {
    credentials.accept(lease(keyPair()));

    assertThat(credentials.registryToken()).isEmpty();
    assertThat(credentials.peerToken()).isEmpty();
    assertThatThrownBy(() -> credentials.check(from("peer"), "Bearer " + token("peer")))
        .isInstanceOf(RefusedException.class);
  }

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
