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
