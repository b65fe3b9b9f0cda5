package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataServerAdmissionTest {
  private static final Duration GRANT = Duration.ofSeconds(30);
  private static final Duration STALE = Duration.ofSeconds(15);
  private final DataServerAdmission admission =
      new DataServerAdmission(new LocalDataServerGrants());
  private final Instant t0 = Instant.parse("2026-11-24T12:00:00Z");

  private boolean ask(String node, int secondsLater) {
    return admission.admit(node, t0.plusSeconds(secondsLater), 2, GRANT, STALE, Duration.ZERO);
  }

  @Test
  void staggeredASecondSlotOpensOnlyWhenTheFirstCopyHasRunThatLong() {
    Duration stagger = Duration.ofSeconds(2);
    Instant t1 = t0.plusSeconds(1);
    Instant t2 = t0.plusSeconds(2);

    assertThat(admission.admit("a", t0, 2, GRANT, STALE, stagger)).isTrue();
    assertThat(admission.admit("b", t1, 2, GRANT, STALE, stagger))
        .as("a's copy runs for 1 s only")
        .isFalse();
    assertThat(admission.admit("b", t2, 2, GRANT, STALE, stagger))
        .as("a is still behind after 2 s: stalled or slow, so b copies too")
        .isTrue();
    assertThat(admission.granted(t2)).isEqualTo(2);
  }

  @Test
  void staggeredANodeThatReachedTheHeadLeavesNothingToWaitFor() {
    Duration stagger = Duration.ofSeconds(2);
    assertThat(admission.admit("a", t0, 2, GRANT, STALE, stagger)).isTrue();
    admission.settle("a", 7, 7, t0.plusMillis(300), GRANT);

    assertThat(admission.admit("b", t0.plusMillis(400), 2, GRANT, STALE, stagger)).isTrue();
  }

  @Test
  void admitsNoMoreThanTheSlotsAtOnce() {
    assertThat(ask("a", 0)).isTrue();
    assertThat(ask("b", 0)).isTrue();
    assertThat(ask("c", 0)).isFalse();
    assertThat(admission.granted(t0)).isEqualTo(2);
  }

  @Test
  void admitsWaitersInTheOrderTheyCameSoNoneStarves() {
    ask("a", 0);
    ask("b", 0);
    assertThat(ask("first-waiter", 1)).isFalse();
    assertThat(ask("second-waiter", 2)).isFalse();

    admission.release("a");

    assertThat(ask("second-waiter", 3)).as("not before the first waiter").isFalse();
    assertThat(ask("first-waiter", 4)).isTrue();
    admission.release("b");
    assertThat(ask("second-waiter", 5)).isTrue();
  }

  @Test
  void aHeartbeatBehindTheHeadKeepsTheSlotAndOneAtTheHeadGivesItBack() {
    ask("copying", 0);
    ask("b", 0);

    admission.settle("copying", 3, 10, t0.plusSeconds(25), GRANT);

    assertThat(ask("c", 40)).as("b's grant ran out at 30 s").isTrue();
    assertThat(ask("d", 40)).as("copying's runs 30 s from its last heartbeat behind").isFalse();
    admission.settle("copying", 10, 10, t0.plusSeconds(41), GRANT);
    assertThat(ask("d", 42)).as("copying reached the head").isTrue();
  }

  @Test
  void freesASlotWhenAGrantTimesOut() {
    ask("a", 0);
    ask("b", 0);
    assertThat(ask("c", 10)).isFalse();
    assertThat(ask("c", 31)).isTrue();
  }

  @Test
  void dropsWaitersThatStoppedAsking() {
    ask("a", 0);
    ask("b", 0);
    ask("gone", 1);
    ask("patient", 2);
    admission.release("a");
    assertThat(ask("patient", 17)).as("the first waiter gave up 16 s ago").isTrue();
  }

  @Test
  void renewsTheGrantOfANodeThatAsksAgain() {
    ask("a", 0);
    assertThat(ask("a", 20)).isTrue();
    ask("b", 20);
    assertThat(ask("c", 40)).as("a's grant runs to 50 s").isFalse();
  }

  @Test
  void keepsTheSlotOfANodeStillCopyingAsLongAsItHeartbeats() {
    ask("a", 0);
    ask("b", 0);
    admission.extend("a", t0.plusSeconds(25), GRANT);
    admission.extend("not-granted", t0.plusSeconds(25), GRANT);

    assertThat(ask("c", 40)).as("a's grant runs to 55 s now; b's ended at 30 s").isTrue();
    assertThat(ask("d", 41)).isFalse();
    assertThat(ask("d", 56)).isTrue();
    assertThat(admission.granted(t0.plusSeconds(56))).isEqualTo(2);
  }

  @Test
  void aNodeThatTakesASlotAndNeverCopiesLosesItAfterTenGrantPeriods() {
    assertThat(ask("staller", 0)).isTrue();
    // heartbeats every 20 s say they are still behind: each renews a grant, up to its end
    for (int second = 20; second < 300; second += 20) {
      admission.settle("staller", 0, 1, t0.plusSeconds(second), GRANT);
      if (second == 200) {
        assertThat(ask("other", second)).isTrue();
      } else if (second > 200) {
        admission.settle("other", 0, 1, t0.plusSeconds(second), GRANT);
      }
    }
    assertThat(ask("honest", 299)).as("both slots still held").isFalse();

    assertThat(ask("honest", 301))
        .as("the staller's grant ended at 300 s however often it was renewed")
        .isTrue();
    assertThat(ask("staller", 302)).as("and it queues behind the others like anyone").isFalse();
  }
}
