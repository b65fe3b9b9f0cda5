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
import org.peerbook.registry.allocation.control.LeastLoadedAllocation;
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
  void aSourceThatReportedItsLoadSinceIsNotCountedBelowNothing() {
    handOut("alice");
    table.renew("holder", NOW, node -> node.heartbeat(5, 1, NOW.plusSeconds(60)), random);

    table.renew("alice", NOW, node -> node.atVersion(5), random);

    assertThat(table.get("holder").handedOut()).isZero();
    assertThat(table.get("holder").expectedLoad()).as("its own report stands").isEqualTo(1);
  }

  private void register(String nodeId, long version) {
    table.register(
        nodeId,
        URI.create("http://" + nodeId + ".example:7000/api/sync"),
        InetAddress.getLoopbackAddress(),
        null,
        before -> version,
        NOW,
        NOW.plusSeconds(60),
        random);
  }

  private void handOut(String requester) {
    List<ResourceNode> sources =
        table.handOut(
            new Requester(requester, InetAddress.getLoopbackAddress(), 4),
            LEAST_LOADED,
            3,
            NOW,
            id -> false,
            random);
    assertThat(sources).extracting(ResourceNode::nodeId).containsExactly("holder");
  }
}
