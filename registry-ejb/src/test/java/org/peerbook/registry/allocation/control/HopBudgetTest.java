package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class HopBudgetTest {
  private final AllocationChain networkFirst =
      Nodes.chain(
          "network",
          new NetworkProximityAllocation(24, 64, SiteMap.parse("", "")),
          "least-loaded",
          new LeastLoadedAllocation(),
          "random",
          new RandomAllocation());

  @Test
  void theBudgetIsTheFewestRoundsInWhichEveryNodeCanHoldACopy() {
    HopBudget fanOutThree = new HopBudget(3);

    assertThat(fanOutThree.rounds(1)).isEqualTo(1);
    assertThat(fanOutThree.rounds(4)).isEqualTo(1);
    assertThat(fanOutThree.rounds(5)).isEqualTo(2);
    assertThat(fanOutThree.rounds(64)).as("4^3 exactly").isEqualTo(3);
    assertThat(fanOutThree.rounds(65)).isEqualTo(4);
    assertThat(fanOutThree.rounds(1_000_000)).as("⌈log_4 10^6⌉ = ⌈9.97⌉").isEqualTo(10);
    assertThat(new HopBudget(1).rounds(1_000_000)).as("⌈log_2 10^6⌉").isEqualTo(20);
    assertThat(fanOutThree.rounds(Long.MAX_VALUE)).as("no overflow").isEqualTo(32);
    assertThat(HopBudget.NONE.rounds(1_000_000)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new HopBudget(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNearIdleHolderBeyondTheBudgetComesAfterEveryHolderWithinItThenByHops() {
    List<ResourceNode> nodes =
        List.of(
            Nodes.node("same-subnet-deepest", "10.0.0.1", 9, 0).withHops(6),
            Nodes.node("same-subnet-deep", "10.0.0.2", 9, 0).withHops(4),
            Nodes.node("far-busy-shallow", "10.7.0.1", 9, 5).withHops(2),
            Nodes.node("far-idle-at-line", "10.8.0.1", 9, 0).withHops(3),
            Nodes.node("same-subnet-shallow", "10.0.0.3", 9, 2).withHops(1));

    List<String> withBudget = handedOut(nodes, 3);

    assertThat(withBudget)
        .containsExactly(
            "same-subnet-shallow",
            "far-busy-shallow",
            "far-idle-at-line",
            "same-subnet-deep",
            "same-subnet-deepest");
    assertThat(handedOut(nodes, Integer.MAX_VALUE))
        .as("without a budget the chain alone decides: nearest, then idlest, then fewest hops")
        .containsExactly(
            "same-subnet-deep",
            "same-subnet-deepest",
            "same-subnet-shallow",
            "far-idle-at-line",
            "far-busy-shallow");
  }

  /**
   * A holder within a level of the budget that is full will be free in a moment: the requester
   * waits for it (or takes one a level beyond the budget) rather than make the chain longer with an
   * idle deeper one. Only when none is near does a deeper one come, as above.
   */
  @Test
  void whileAHolderWithinALevelOfTheBudgetIsFullNoDeeperOneIsHandedOut() {
    ResourceNode fullShallow = Nodes.node("full-shallow", "10.0.0.1", 9, 8).withHops(1);
    ResourceNode atTheLine = Nodes.node("idle-a-level-beyond", "10.0.0.2", 9, 0).withHops(2);
    ResourceNode deep = Nodes.node("idle-deep", "10.0.0.3", 9, 0).withHops(3);

    assertThat(picked(List.of(fullShallow, atTheLine, deep)))
        .isEqualTo(new Picked(List.of("idle-a-level-beyond"), true));
    assertThat(picked(List.of(fullShallow, deep)))
        .as("the requester hears that a peer will be free soon")
        .isEqualTo(new Picked(List.of(), true));
    assertThat(picked(List.of(Nodes.node("free-shallow", "10.0.0.1", 9, 7).withHops(1), deep)))
        .isEqualTo(new Picked(List.of("free-shallow", "idle-deep"), false));
    assertThat(picked(List.of(fullShallow.withHops(3), deep)))
        .as("a full holder as deep as the idle one holds nothing back")
        .isEqualTo(new Picked(List.of("idle-deep"), true));
    assertThat(picked(List.of(fullShallow.withLeaseExpiry(Nodes.NOW.minusSeconds(1)), deep)))
        .as(
            "one whose lease lapsed holds it back until swept, and the requester waits, not the"
                + " data server")
        .isEqualTo(new Picked(List.of(), true));
  }

  private record Picked(List<String> sources, boolean peersFull) {}

  /** What the scan and the index both pick with a budget of 2 rounds and 8 sessions per peer. */
  private Picked picked(List<ResourceNode> nodes) {
    Requester requester = Nodes.requester("10.0.0.9", 1);
    PeerPick scanned =
        SourceSelection.pick(
            requester,
            nodes,
            networkFirst,
            3,
            8,
            2,
            Nodes.NOW,
            new SplittableRandom(1),
            id -> false);
    PeerPick indexed =
        PeerIndex.of(networkFirst, 8, nodes)
            .orElseThrow()
            .pick(requester, 3, 2, Nodes.NOW, id -> false);
    assertThat(indexed).isEqualTo(scanned);
    return new Picked(
        scanned.sources().stream().map(ResourceNode::nodeId).toList(), scanned.peersFull());
  }

  private List<String> handedOut(List<ResourceNode> nodes, int hopRounds) {
    return SourceSelection.pick(
            Nodes.requester("10.0.0.9", 1),
            nodes,
            networkFirst,
            nodes.size(),
            Integer.MAX_VALUE,
            hopRounds,
            Nodes.NOW,
            new SplittableRandom(1),
            id -> false)
        .sources()
        .stream()
        .map(ResourceNode::nodeId)
        .toList();
  }
}
