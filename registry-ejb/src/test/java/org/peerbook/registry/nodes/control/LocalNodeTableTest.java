package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.LeastLoadedAllocation;
import org.peerbook.registry.allocation.control.PeerPick;
import org.peerbook.registry.allocation.control.RandomAllocation;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.nodes.entity.ResourceNode;

/** The hand-outs least-loaded counts are those still running, whoever ends them. */
class LocalNodeTableTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final AllocationChain LEAST_LOADED =
      new AllocationChain(
          List.of(
              Map.entry("least-loaded", new LeastLoadedAllocation()),
              Map.entry("random", new RandomAllocation())));

  private final LocalNodeTable table = new LocalNodeTable();
  private final SplittableRandom random = new SplittableRandom(7);

  @BeforeEach
  void holdersAndRequesters() {
    register("holder", 5);
    register("alice", 4);
    register("bob", 4);
  }

  @Test
  void aRequesterThatTookANewerCopyNoLongerCountsOnItsSource() {
    handOut("alice");
    handOut("bob");
    assertThat(table.get("holder").handedOut()).isEqualTo(2);

    table.renew("alice", NOW, node -> node.atVersion(5), random);

    assertThat(table.get("holder").handedOut()).as("alice is done with it").isEqualTo(1);
  }

  @Test
  void aRequesterAskingAgainIsDoneWithItsLastAnswer() {
    handOut("alice");
    handOut("alice");

    assertThat(table.get("holder").handedOut()).as("one running hand-out, not two").isEqualTo(1);
  }

  @Test
  void aRequesterThatLeftIsDoneWithItsSources() {
    handOut("alice");

    table.remove("alice");

    assertThat(table.get("holder").handedOut()).isZero();
  }

  @Test
  void onlyTheFirstSourceOfAnAnswerCountsTheReservesAreNotCopiedFrom() {
    register("second-holder", 5);
    table.renew("second-holder", NOW, node -> node.heartbeat(5, 1, NOW.plusSeconds(60)), random);

    List<ResourceNode> sources = pick("alice", 8).sources();

    assertThat(sources).extracting(ResourceNode::nodeId).containsExactly("holder", "second-holder");
    assertThat(table.get("holder").handedOut()).isEqualTo(1);
    assertThat(table.get("second-holder").handedOut()).isZero();
  }

  @Test
  void aPeerServingItsMostIsHandedToNobodyAndTheRequesterIsToldTheyAreFull() {
    handOut("alice");

    PeerPick full = pick("bob", 1);

    assertThat(full.sources()).isEmpty();
    assertThat(full.peersFull()).isTrue();
    table.renew("alice", NOW, node -> node.atVersion(5), random);
    assertThat(pick("bob", 1).sources())
        .as("alice's copy is done: the holder has room again")
        .extracting(ResourceNode::nodeId)
        .contains("holder");
  }

  @Test
  void aHeartbeatDropsHandOutsBeyondTheSessionsTheNodeServes() {
    handOut("alice");
    handOut("bob");

    table.renew("holder", NOW, node -> node.heartbeat(5, 1, NOW.plusSeconds(60)), random);
    assertThat(table.get("holder").expectedLoad()).as("one never became a session").isEqualTo(1);

    table.renew("alice", NOW, node -> node.atVersion(5), random);
    table.renew("bob", NOW, node -> node.atVersion(5), random);
    assertThat(table.get("holder").expectedLoad()).as("never below nothing").isZero();
  }

  @Test
  void aNewerVersionIsOneHopFurtherThanTheSourceHandedOutForIt() {
    assertThat(table.get("holder").hops()).isEqualTo(ResourceNode.FROM_DATA_SERVER);
    handOut("alice");

    table.renew("alice", NOW, node -> node.heartbeat(5, 0, NOW.plusSeconds(60)), random);
    assertThat(table.get("alice").hops()).isEqualTo(2);

    // bob took version 5 with no peer handed to him: from a data server
    table.renew("bob", NOW, node -> node.heartbeat(5, 0, NOW.plusSeconds(60)), random);
    assertThat(table.get("bob").hops()).isEqualTo(ResourceNode.FROM_DATA_SERVER);
    // a heartbeat at the same version keeps the count
    table.renew("alice", NOW, node -> node.heartbeat(5, 0, NOW.plusSeconds(60)), random);
    assertThat(table.get("alice").hops()).isEqualTo(2);
  }

  private void register(String nodeId, long version) {
    table.register(
        new NodeClaim(
            nodeId,
            URI.create("http://" + nodeId + ".example:7000/api/sync"),
            InetAddress.getLoopbackAddress(),
            null,
            before -> version,
            NOW,
            NOW.plusSeconds(60)),
        random);
  }

  @Test
  void aHeartbeatAnotherMemberWroteKeepsTheHandOutsCountedHereUpToTheReportedLoad() {
    handOut("alice");
    handOut("bob");
    // the grid's record: another member counted none of this member's hand-outs
    ResourceNode written = table.get("holder").handOutOver().handOutOver();

    table.mirror(written.heartbeat(5, 8, NOW.plusSeconds(60)), random);
    assertThat(table.get("holder").expectedLoad()).isEqualTo(2);

    table.mirror(written.heartbeat(5, 1, NOW.plusSeconds(60)), random);
    assertThat(table.get("holder").expectedLoad()).isEqualTo(1);
  }

  private PeerPick pick(String requester, int sessionsPerPeer) {
    return table.handOut(
        new Requester(requester, InetAddress.getLoopbackAddress(), 4),
        LEAST_LOADED,
        3,
        HopBudget.NONE,
        sessionsPerPeer,
        NOW,
        id -> false,
        random);
  }

  private void handOut(String requester) {
    assertThat(pick(requester, 8).sources())
        .extracting(ResourceNode::nodeId)
        .containsExactly("holder");
  }
}
