package org.peerbook.registry.nodes.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.TestClock;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.RandomAllocation;
import org.peerbook.registry.allocation.control.StrategyCatalog;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.nodes.control.InvalidNodeException;
import org.peerbook.registry.nodes.control.Lease;
import org.peerbook.registry.nodes.control.NodeClaimException;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.UnknownNodeException;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The resource manager's trust rules without a container: claims are proven or capped, reports are
 * evidence only against hand-outs, and leaving or eviction revokes tokens.
 */
class ResourceManagerTest {
  private static final Instant START = Instant.parse("2026-12-01T10:00:00.250Z");
  private static final long HEAD = 40;
  private static final String HASH = "ab".repeat(32);
  private static final String DIGEST = "cd".repeat(32);
  private final KeyPair book = keyPair();
  private final TestClock clock = new TestClock(START);
  private ResourceManager manager;
  private int nextPort = 7000;

  @BeforeEach
  void open() {
    manager = new ResourceManager();
    manager.dataServerId = "data-server";
    manager.dataServerUrl = "http://127.0.0.1:8080/api/sync";
    manager.leaseSeconds = 60;
    manager.configuredChain = "random";
    manager.configuredK = 3;
    manager.maxK = 16;
    manager.configuredSlots = 4;
    manager.configuredPeerAssisted = true;
    manager.grantSeconds = 30;
    manager.sessionsPerPeer = 8;
    manager.retryAfterSeconds = 5;
    manager.reportQuorum = 2;
    manager.reportThreshold = 3;
    manager.demotionSeconds = 30;
    manager.reportWindowSeconds = 300;
    manager.headProofCache = 64;
    manager.hopBudget = true;
    manager.syncStartsPerSecond = 500;
    manager.clock = clock;
    manager.cluster = new ClusterMode();
    manager.catalog =
        new StrategyCatalog() {
          @Override
          public AllocationChain chain(String text) {
            return AllocationChain.parse(text, name -> new RandomAllocation());
          }
        };
    manager.open();
    manager.trustBookKey(book.getPublic());
    manager.announceHead(HEAD);
  }

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SignedHead head(long version) {
    return HeadSignatures.sign(book.getPrivate(), version, HASH, DIGEST);
  }

  private Lease register(String nodeId, long version, SignedHead head) {
    return manager.register(
        new Registration(
            nodeId,
            "http://127.0.0.1:" + nextPort++ + "/api/sync",
            "127.0.0.1",
            version,
            head,
            null));
  }

  /** A node that proves it holds {@code version}. */
  private void provenAt(String nodeId, long version) {
    register(nodeId, version, head(version));
  }

  private List<String> sourcesOf(String nodeId) {
    return manager.sources(nodeId, null, null).sources().stream()
        .map(ResourceNode::nodeId)
        .toList();
  }

  private long countedVersion(String nodeId) {
    return manager.node(nodeId).version();
  }

  // ---- freshness

  @Test
  void tellsNodesToSpreadTheirSyncsOverLongerTheMoreNodesThereAre() {
    Lease alone = register("n0", HEAD, null);
    assertThat(alone.syncSpreadMillis()).as("1 node at 500 syncs/s").isEqualTo(2);
    Lease last = alone;
    for (int i = 1; i < 600; i++) {
      last = register("n" + i, HEAD, null);
    }
    assertThat(last.syncSpreadMillis()).as("600 nodes at 500 syncs/s").isEqualTo(1_200);
    assertThat(manager.heartbeat("n0", HEAD, null, 0).syncSpreadMillis()).isEqualTo(1_200);
  }

  @Test
  void measuresHowLongANewVersionTookToReachHalfAndAllOfTheNodes() {
    provenAt("a", HEAD);
    provenAt("b", HEAD);
    provenAt("c", HEAD - 3);
    manager.announceHead(HEAD + 1);

    clock.advance(Duration.ofSeconds(2));
    manager.heartbeat("a", HEAD + 1, head(HEAD + 1), 0);
    manager.heartbeat("c", HEAD + 1, null, 0);
    clock.advance(Duration.ofSeconds(3));
    manager.heartbeat("b", HEAD + 1, head(HEAD + 1), 0);

    var spread = manager.versionSpread();
    assertThat(spread.nodesBehind())
        .as("c's unproven claim counts at its proven version")
        .containsExactly(Map.entry(0L, 2), Map.entry(4L, 1));
    var latest = spread.recent().get(0);
    assertThat(latest.version()).isEqualTo(HEAD + 1);
    assertThat(latest.toShare())
        .containsExactly(Optional.of(Duration.ofSeconds(5)), Optional.empty(), Optional.empty());
  }

  // ---- claims are proven or bounded

  // ---- what a node serves at once

  @Test
  void aNodeThatServesOneAtOnceIsHandedToOneRequesterAtATime() {
    provenAt("small", HEAD);
    manager.heartbeat("small", HEAD, head(HEAD), 0, 1);
    register("first", 0, null);
    register("second", 0, null);

    assertThat(sourcesOf("first")).contains("small");
    assertThat(sourcesOf("second")).as("full at the one it serves").doesNotContain("small");

    // a heartbeat that does not say keeps what the node said before
    manager.heartbeat("small", HEAD, head(HEAD), 0);
    assertThat(manager.node("small").capacity()).isEqualTo(1);
  }

  @Test
  void aNodeCannotBeHandedOutBeyondTheRegistrysOwnBoundByClaimingMore() {
    provenAt("big", HEAD);
    manager.heartbeat("big", HEAD, head(HEAD), 0, 10_000);
    for (int i = 0; i < 9; i++) {
      register("r" + i, 0, null);
    }

    long handedBig =
        java.util.stream.IntStream.range(0, 9)
            .filter(i -> sourcesOf("r" + i).contains("big"))
            .count();

    assertThat(handedBig).isEqualTo(manager.sessionsPerPeer);
  }

  @Test
  void aClaimWithoutItsSignedHeadCountsForNothingAndIsNeverHandedOut() {
    Lease lease = register("liar", 999_999_999_999L, null);
    provenAt("behind", 10);

    assertThat(lease.countedVersion()).isZero();
    assertThat(countedVersion("liar")).isZero();
    assertThat(sourcesOf("behind")).containsExactly("data-server");
  }

  @Test
  void aProvenClaimCountsAndAnUnprovenOneStaysAtTheLastProvenVersion() {
    provenAt("node", 20);
    manager.heartbeat("node", 30, null, 0);
    assertThat(countedVersion("node")).isEqualTo(20);

    manager.heartbeat("node", 30, head(30), 0);
    assertThat(countedVersion("node")).isEqualTo(30);
  }

  @Test
  void refusesABadProofAndStoresNothing() {
    SignedHead forged = HeadSignatures.sign(keyPair().getPrivate(), HEAD, HASH, DIGEST);

    assertThatThrownBy(() -> register("forger", HEAD, forged))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("head");
    assertThatThrownBy(() -> register("forger", HEAD + 1, head(HEAD)))
        .isInstanceOf(InvalidNodeException.class);
    assertThatThrownBy(() -> manager.node("forger")).isInstanceOf(UnknownNodeException.class);

    provenAt("node", 10);
    assertThatThrownBy(() -> manager.heartbeat("node", HEAD, forged, 0))
        .isInstanceOf(InvalidNodeException.class);
    assertThat(countedVersion("node")).isEqualTo(10);
    assertThat(manager.statistics().refusedProofs.sum()).isEqualTo(3);
  }

  @Test
  void countsNothingAboveTheHeadItKnows() {
    provenAt("early", HEAD + 5);

    assertThat(countedVersion("early")).isEqualTo(HEAD);
  }

  @Test
  void verifiesEachDistinctHeadOnce() {
    for (int i = 0; i < 20; i++) {
      provenAt("node-" + i, HEAD);
    }

    assertThat(manager.headVerifications()).isEqualTo(1);
  }

  // ---- failures are evidence

  @ParameterizedTest
  @EnumSource(
      value = SourceFault.class,
      names = {"NOT_AHEAD", "TIMEOUT"})
  void aLiarIsNotHandedToItsReporterAgainAndToNobodyOnceASecondNodeReportedIt(SourceFault fault) {
    provenAt("liar", HEAD);
    provenAt("victim", 10);
    assertThat(sourcesOf("victim")).containsExactly("liar");

    var outcome = manager.report("victim", "liar", fault, "answered EQUAL at 10");

    assertThat(outcome.counted()).isTrue();
    assertThat(outcome.evicted()).isFalse();
    Allocation next = manager.sources("victim", null, null);
    assertThat(next.dataServer()).as("the data server, since no other peer is ahead").isTrue();
    assertThat(manager.isDemoted("liar")).as("one node's word").isFalse();
    provenAt("another", 10);
    assertThat(sourcesOf("another")).containsExactly("liar");

    manager.report("another", "liar", fault, "answered EQUAL at 10");

    assertThat(manager.isDemoted("liar")).as("two nodes' word").isTrue();
    provenAt("third", 10);
    assertThat(sourcesOf("third")).doesNotContain("liar");
  }

  @Test
  void evictsAndRevokesALiarThatThreeDistinctReportersWereHandedAndReported() {
    handedToEach("liar", "r1", "r2", "r3");

    var first = manager.report("r1", "liar", SourceFault.OVERSIZED, "a 2 MiB page");
    var second = manager.report("r2", "liar", SourceFault.NOT_AHEAD, "EQUAL at 10");
    var third = manager.report("r3", "liar", SourceFault.NO_PROGRESS, "the same page again");

    assertThat(first.evicted()).isFalse();
    assertThat(second.evicted()).isFalse();
    assertThat(third.evicted()).isTrue();
    assertThatThrownBy(() -> manager.node("liar")).isInstanceOf(UnknownNodeException.class);
    Instant tokenIssuedJustBefore = clock.instant().plusSeconds(2L * 60).minusSeconds(1);
    assertThat(manager.isRevoked("liar", tokenIssuedJustBefore)).isTrue();
    assertThat(manager.statistics().evictions.sum()).isEqualTo(1);
  }

  @Test
  void setsABusyNodeAsideBrieflyButNeverEvictsItHoweverManyFoundItBusy() {
    List<String> reporters = handedToEach("popular", "r1", "r2", "r3", "r4");

    for (String reporter : reporters) {
      var outcome = manager.report(reporter, "popular", SourceFault.BUSY, "503: serving 8");
      assertThat(outcome.counted()).isTrue();
      assertThat(outcome.evicted()).isFalse();
    }

    assertThat(manager.node("popular")).isNotNull();
    assertThat(manager.isDemoted("popular")).as("set aside").isTrue();
    clock.advance(Duration.ofSeconds(31));
    assertThat(manager.isDemoted("popular"))
        .as("for one demotion's time, not doubled per report")
        .isFalse();
  }

  @Test
  void aNodeThatStalledIsDemotedLongerEachTimeButNeverEvictedHoweverManyFoundItAbsent() {
    List<String> reporters = handedToEach("stalled", "r1", "r2", "r3", "r4");

    for (int i = 0; i < reporters.size(); i++) {
      if (i == 2) {
        clock.advance(Duration.ofSeconds(31));
        keepAlive("stalled", "r3", "r4");
      }
      SourceFault fault = i % 2 == 0 ? SourceFault.UNREACHABLE : SourceFault.TIMEOUT;
      var outcome = manager.report(reporters.get(i), "stalled", fault, "broke off");
      assertThat(outcome.counted()).isTrue();
      assertThat(outcome.evicted()).isFalse();
    }

    assertThat(manager.node("stalled")).isNotNull();
    assertThat(manager.statistics().evictions.sum()).isZero();
    assertThat(manager.statistics().demotions.sum()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(59));
    assertThat(manager.isDemoted("stalled")).as("demoted twice: 30 s doubled once").isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(manager.isDemoted("stalled")).isFalse();
  }

  @Test
  void idsEnrolledOnOneMachineNeitherDemoteNorEvictASourceButEachIsSparedIt() {
    provenAt("honest", HEAD);
    for (String sybil : List.of("sybil-1", "sybil-2", "sybil-3")) {
      registerAt(sybil, "192.0.2.7", 10);
      assertThat(sourcesOf(sybil)).contains("honest");
      assertThat(manager.report(sybil, "honest", SourceFault.NOT_AHEAD, "lie").counted()).isTrue();
    }

    assertThat(manager.node("honest")).as("three ids of one machine: not evicted").isNotNull();
    assertThat(manager.isDemoted("honest")).as("one network's word").isFalse();
    assertThat(sourcesOf("sybil-1")).doesNotContain("honest");
    provenAt("asking", 10);
    assertThat(sourcesOf("asking")).contains("honest");

    registerAt("elsewhere", "198.51.100.9", 10);
    assertThat(sourcesOf("elsewhere")).contains("honest");
    manager.report("elsewhere", "honest", SourceFault.NOT_AHEAD, "EQUAL at 10");
    assertThat(manager.isDemoted("honest")).as("a second network's word").isTrue();
  }

  private void registerAt(String nodeId, String networkAddress, long version) {
    manager.register(
        new Registration(
            nodeId,
            "http://127.0.0.1:" + nextPort++ + "/api/sync",
            networkAddress,
            version,
            head(version),
            null));
  }

  @Test
  void absenceDoesNotCountTowardsAnEvictionForMisconduct() {
    handedToEach("liar", "r1", "r2", "r3");

    manager.report("r1", "liar", SourceFault.UNREACHABLE, "refused");
    manager.report("r2", "liar", SourceFault.REFUSED, "bad signature");
    var third = manager.report("r3", "liar", SourceFault.NOT_AHEAD, "EQUAL at 10");

    assertThat(third.evicted()).as("two reporters of misconduct, one of absence").isFalse();
    assertThat(manager.node("liar")).isNotNull();
  }

  @Test
  void aReportAboutANodeNeverHandedToTheReporterChangesNothing() {
    provenAt("honest", HEAD);
    provenAt("hostile", HEAD);

    var outcome = manager.report("hostile", "honest", SourceFault.NOT_AHEAD, "made up");

    assertThat(outcome.counted()).isFalse();
    assertThat(manager.isDemoted("honest")).isFalse();
    provenAt("asking", 10);
    assertThat(sourcesOf("asking")).contains("honest");
    assertThat(manager.statistics().ignoredReports.sum()).isEqualTo(1);
  }

  @Test
  void oneHandOutBuysOneReport() {
    provenAt("source", HEAD);
    provenAt("reporter", 10);
    sourcesOf("reporter");

    assertThat(manager.report("reporter", "source", SourceFault.TIMEOUT, "x").counted()).isTrue();
    assertThat(manager.report("reporter", "source", SourceFault.TIMEOUT, "x").counted()).isFalse();
  }

  @Test
  void aHandOutTooLongAgoBuysNoReport() {
    provenAt("source", HEAD);
    provenAt("reporter", 10);
    sourcesOf("reporter");
    clock.advance(Duration.ofSeconds(301));
    // both leases lapsed meanwhile: they register again
    provenAt("source", HEAD);
    provenAt("reporter", 10);

    assertThat(manager.report("reporter", "source", SourceFault.TIMEOUT, "x").counted()).isFalse();
  }

  @Test
  void oneHostileReporterCannotTakeAnHonestNodeFromAnyoneElse() {
    provenAt("honest", HEAD);
    provenAt("hostile", 10);
    provenAt("bystander", 10);
    sourcesOf("hostile");

    manager.report("hostile", "honest", SourceFault.NOT_AHEAD, "lie");
    for (int i = 0; i < 10; i++) {
      manager.report("hostile", "honest", SourceFault.TIMEOUT, "lie again");
    }

    assertThat(manager.isDemoted("honest")).isFalse();
    assertThat(sourcesOf("bystander")).containsExactly("honest");
    assertThat(sourcesOf("hostile"))
        .as("what it said steers only what it is handed")
        .containsExactly("data-server");
  }

  @Test
  void aMinorityOfHostileReportersCannotGetAnHonestNodeEvicted() {
    provenAt("honest", HEAD);
    provenAt("hostile-1", 10);
    provenAt("hostile-2", 10);
    provenAt("bystander", 10);
    // both were handed the honest node, as any requester behind it may be
    sourcesOf("hostile-1");
    sourcesOf("hostile-2");

    manager.report("hostile-1", "honest", SourceFault.TIMEOUT, "lie");
    manager.report("hostile-2", "honest", SourceFault.TIMEOUT, "lie");
    for (int i = 0; i < 10; i++) {
      manager.report("hostile-1", "honest", SourceFault.NOT_AHEAD, "lie again");
      manager.report("hostile-2", "honest", SourceFault.NOT_AHEAD, "lie again");
    }

    // two of them are a quorum: demoted for a while, never evicted
    assertThat(manager.node("honest")).isNotNull();
    assertThat(sourcesOf("bystander")).doesNotContain("honest");
    clock.advance(Duration.ofSeconds(31));
    keepAlive("honest", "bystander");
    clock.advance(Duration.ofSeconds(30));
    assertThat(sourcesOf("bystander")).containsExactly("honest");
  }

  @Test
  void aNodeThatKeepsReportingOneSourceIsKeptFromItLongerEachTime() {
    provenAt("flaky", HEAD);
    provenAt("asker", 10);
    sourcesOf("asker");
    manager.report("asker", "flaky", SourceFault.UNREACHABLE, "refused");
    clock.advance(Duration.ofSeconds(31));
    keepAlive("flaky", "asker");
    assertThat(sourcesOf("asker")).containsExactly("flaky");

    manager.report("asker", "flaky", SourceFault.UNREACHABLE, "refused again");
    clock.advance(Duration.ofSeconds(31));
    keepAlive("flaky", "asker");

    assertThat(sourcesOf("asker")).as("60 s the second time").containsExactly("data-server");
    clock.advance(Duration.ofSeconds(30));
    keepAlive("flaky", "asker");
    assertThat(sourcesOf("asker")).containsExactly("flaky");
    assertThat(manager.isDemoted("flaky")).isFalse();
  }

  /** {@code source} at the head, and each of {@code reporters} behind it and handed it. */
  private List<String> handedToEach(String source, String... reporters) {
    provenAt(source, HEAD);
    for (String reporter : reporters) {
      provenAt(reporter, 10);
      assertThat(sourcesOf(reporter)).contains(source);
    }
    return List.of(reporters);
  }

  private void keepAlive(String... nodeIds) {
    for (String nodeId : nodeIds) {
      long version = manager.node(nodeId).version();
      manager.heartbeat(nodeId, version, head(version), 0);
    }
  }

  @Test
  void theDataServerCannotBeReportedNorOneself() {
    provenAt("node", 10);

    assertThatThrownBy(() -> manager.report("node", "data-server", SourceFault.TIMEOUT, "x"))
        .isInstanceOf(InvalidNodeException.class);
    assertThatThrownBy(() -> manager.report("node", "node", SourceFault.TIMEOUT, "x"))
        .isInstanceOf(InvalidNodeException.class);
  }

  // ---- revocation

  @Test
  void deregistrationRevokesTheTokensIssuedBeforeAndANewRegistrationGetsGoodOnes() {
    register("leaving", 0, null);
    Instant oldTokenExpiry = tokenExpiryIfIssuedNow();

    manager.deregister("leaving");

    assertThat(manager.isRevoked("leaving", oldTokenExpiry)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    Lease again = manager.register(registrationOf("leaving"));
    assertThat(again.revoked()).containsEntry("leaving", oldTokenExpiry);
    assertThat(manager.isRevoked("leaving", tokenExpiryIfIssuedNow())).isFalse();
    assertThat(manager.isRevoked("leaving", oldTokenExpiry)).isTrue();
  }

  @Test
  void aRegistrationInTheSecondOfARevocationWaitsASecond() {
    register("node", 0, null);
    manager.deregister("node");

    assertThatThrownBy(() -> manager.register(registrationOf("node")))
        .isInstanceOf(NodeClaimException.class)
        .satisfies(e -> assertThat(((NodeClaimException) e).retryAfterSeconds()).isEqualTo(1));

    clock.advance(Duration.ofSeconds(1));
    manager.register(registrationOf("node"));
    assertThat(manager.isRevoked("node", tokenExpiryIfIssuedNow())).isFalse();
  }

  @Test
  void evictionAndCredentialReissueRevoke() {
    register("evicted", 0, null);
    register("reissued", 0, null);
    Instant before = tokenExpiryIfIssuedNow();

    manager.evict("evicted");
    manager.revokeTokens("reissued");
    manager.revokeTokens("never-registered");

    assertThat(manager.isRevoked("evicted", before)).isTrue();
    assertThat(manager.isRevoked("reissued", before)).isTrue();
    assertThat(manager.isRevoked("never-registered", before)).isTrue();
    assertThatThrownBy(() -> manager.node("reissued")).isInstanceOf(UnknownNodeException.class);
  }

  private Registration registrationOf(String nodeId) {
    return new Registration(
        nodeId, "http://127.0.0.1:" + nextPort++ + "/api/sync", "127.0.0.1", 0, null, null);
  }

  /** The expiry the token issuer writes on a token it issues now (two leases, whole seconds). */
  private Instant tokenExpiryIfIssuedNow() {
    return Instant.ofEpochSecond(clock.instant().plusSeconds(120).getEpochSecond());
  }
}
