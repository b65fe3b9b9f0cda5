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

  /** The stand-still watch's clock: it stands still unless a test moves it. */
  private final AtomicLong watchNanos = new AtomicLong();

  private final StandStills stills =
      new StandStills(Duration.ofSeconds(5), Duration.ofSeconds(10), watchNanos::get, null);

  private GridMajority seeing(int size) {
    members.set(size);
    return new GridMajority(members::get, nanos::get, stills);
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

  /**
   * Back from a stand-still longer than half the failure detection, a member still sees all the
   * members it had, whether or not they took it out meanwhile: it waits to hear from them.
   */
  @Test
  void aMemberThatStoodStillWaitsOutTheFailureDetectionBeforeItTrustsWhatItSees() {
    GridMajority majority = seeing(3);
    watchRuns(Duration.ofSeconds(2));
    assertThat(majority.cutOff()).isNull();

    watchNanos.addAndGet(Duration.ofSeconds(40).toNanos());
    assertThat(majority.cutOff())
        .as("asked before the watch noted the time again")
        .isEqualTo(
            "stood still for 40 s until 0 s ago: the others may have taken it out meanwhile");
    watchRuns(Duration.ofSeconds(9));
    assertThat(majority.cutOff()).as("nothing heard from the others").isNotNull();
    watchRuns(Duration.ofSeconds(1));
    assertThat(majority.cutOff()).as("the failure detection waited out: not taken out").isNull();

    watchNanos.addAndGet(Duration.ofSeconds(40).toNanos());
    assertThat(majority.cutOff()).isNotNull();
    members.set(1);
    assertThat(majority.cutOff())
        .as("taken out")
        .isEqualTo("sees 1 of the 3 members of its cluster");
    watchRuns(Duration.ofSeconds(2));
    members.set(3);
    assertThat(majority.cutOff()).as("merged back: heard from the others").isNull();

    watchNanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(majority.cutOff()).as("a stand-still of half the failure detection").isNull();
    stills.note();
    watchNanos.addAndGet(Duration.ofMillis(5001).toNanos());
    assertThat(majority.cutOff()).as("longer").isNotNull();
  }

  /** The other of two takes a member out that stood still: that one waits to merge back. */
  @Test
  void theOneOfTwoThatStoodStillWaitsUntilItSeesBothAgain() {
    GridMajority pair = seeing(2);
    watchRuns(Duration.ofSeconds(1));
    watchNanos.addAndGet(Duration.ofSeconds(40).toNanos());
    assertThat(pair.cutOff()).startsWith("stood still for 40 s");
    watchRuns(Duration.ofSeconds(1));
    members.set(1);
    assertThat(pair.cutOff()).isEqualTo("sees 1 of the 2 members of its cluster");
    watchRuns(Duration.ofSeconds(15));
    assertThat(pair.cutOff()).as("past the stand-still's own wait").isNotNull();
    members.set(2);
    assertThat(pair.cutOff()).as("merged back").isNull();

    members.set(1);
    assertThat(pair.cutOff()).as("the other one gone, no stand-still: half serves").isNull();
  }

  @Test
  void theOneOfTwoThatStoodStillServesAloneAfterTheHold() {
    GridMajority pair = seeing(2);
    watchRuns(Duration.ofSeconds(1));
    watchNanos.addAndGet(Duration.ofSeconds(40).toNanos());
    members.set(1);
    assertThat(pair.cutOff()).isNotNull();
    nanos.addAndGet(GridMajority.HOLD.toNanos());
    watchRuns(Duration.ofSeconds(11));
    assertThat(pair.cutOff()).as("nobody came back: the other died").isNull();
  }

  @Test
  void aMemberAloneTrustsItselfAfterAStandStill() {
    GridMajority alone = seeing(1);
    watchNanos.addAndGet(Duration.ofSeconds(40).toNanos());
    assertThat(alone.cutOff()).isNull();
  }

  /** The watch notes the time as its thread would, for {@code span}. */
  private void watchRuns(Duration span) {
    for (long ran = 0; ran < span.toNanos(); ran += StandStills.NOTE_EVERY.toNanos()) {
      watchNanos.addAndGet(StandStills.NOTE_EVERY.toNanos());
      stills.note();
    }
  }
}
