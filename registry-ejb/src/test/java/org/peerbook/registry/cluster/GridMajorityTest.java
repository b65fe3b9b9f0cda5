package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a member takes its grid for the cluster's, as the members it sees come and go. */
class GridMajorityTest {
  private final AtomicInteger members = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();

  private GridMajority seeing(int size) {
    members.set(size);
    return new GridMajority(members::get, nanos::get);
  }

  @Test
  void aMemberThatLostOneOfThreeServesOneLeftAloneWaitsForTheOthers() {
    GridMajority majority = seeing(3);
    members.set(2);
    assertThat(majority.cutOff()).as("two of three").isNull();

    members.set(1);
    assertThat(majority.cutOff()).isEqualTo("sees 1 of the 3 members of its cluster");
    nanos.addAndGet(GridMajority.HOLD.minusSeconds(1).toNanos());
    assertThat(majority.cutOff()).as("within the hold").isNotNull();

    members.set(3);
    assertThat(majority.cutOff()).as("merged back").isNull();
    members.set(1);
    assertThat(majority.cutOff()).as("a new hold starts").isNotNull();
    nanos.addAndGet(GridMajority.HOLD.minusSeconds(1).toNanos());
    assertThat(majority.cutOff()).isNotNull();
  }

  @Test
  void nobodyBackWithinTheHoldAndTheMemberServesAloneFromThenOn() {
    GridMajority majority = seeing(5);
    members.set(2);
    assertThat(majority.cutOff()).isEqualTo("sees 2 of the 5 members of its cluster");

    nanos.addAndGet(GridMajority.HOLD.toNanos());
    assertThat(majority.cutOff()).as("the others died").isNull();
    members.set(1);
    assertThat(majority.cutOff()).as("half of the two it serves with").isNull();
    members.set(4);
    assertThat(majority.cutOff()).isNull();
    members.set(1);
    assertThat(majority.cutOff()).isEqualTo("sees 1 of the 4 members of its cluster");
  }

  @Test
  void halfOfTheMembersServe() {
    GridMajority pair = seeing(2);
    members.set(1);
    assertThat(pair.cutOff()).as("either of two may be the one left").isNull();

    GridMajority four = seeing(4);
    members.set(2);
    assertThat(four.cutOff()).isNull();
  }

  @Test
  void theMostMembersSeenCountAsTheyJoin() {
    GridMajority majority = seeing(1);
    members.set(3);
    assertThat(majority.cutOff()).isNull();
    nanos.addAndGet(Duration.ofHours(1).toNanos());

    members.set(1);
    assertThat(majority.cutOff()).isEqualTo("sees 1 of the 3 members of its cluster");
  }
}
