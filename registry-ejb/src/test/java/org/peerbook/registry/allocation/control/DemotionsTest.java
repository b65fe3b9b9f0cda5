package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerbook.registry.allocation.control.Demotions.Kind.ABSENT;
import static org.peerbook.registry.allocation.control.Demotions.Kind.BUSY;
import static org.peerbook.registry.allocation.control.Demotions.Kind.MISCONDUCT;
import static org.peerbook.registry.allocation.control.Reporter.alone;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One node's report steers what that node is handed; a quorum of distinct reporters demotes. */
class DemotionsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration BASE = Duration.ofSeconds(30);

  private final Demotions demotions = new Demotions(BASE, Duration.ofMinutes(5), 2);

  @Test
  void oneReportKeepsTheNodeFromItsReporterOnlyForABaseTime() {
    Demotions.Counted counted = demotions.report("source", alone("r1"), MISCONDUCT, NOW);

    assertThat(counted.demoted()).isFalse();
    assertThat(demotions.isDemoted("source", NOW)).isFalse();
    assertThat(demotions.isWithheldFrom("r1", "source", NOW.plusSeconds(29))).isTrue();
    assertThat(demotions.isWithheldFrom("r1", "source", NOW.plusSeconds(30))).isFalse();
    assertThat(demotions.isWithheldFrom("r2", "source", NOW)).isFalse();
  }

  @Test
  void aReporterThatRepeatsItselfIsKeptFromTheNodeLongerButNeverDemotesIt() {
    for (int i = 0; i < 10; i++) {
      assertThat(demotions.report("source", alone("r1"), MISCONDUCT, NOW).demoted()).isFalse();
    }

    assertThat(demotions.isDemoted("source", NOW)).isFalse();
    assertThat(
            demotions.isWithheldFrom(
                "r1", "source", NOW.plus(BASE.multipliedBy(64)).minusSeconds(1)))
        .as("doubled per report, at most 64 times")
        .isTrue();
    assertThat(demotions.isWithheldFrom("r1", "source", NOW.plus(BASE.multipliedBy(64)))).isFalse();
  }

  @Test
  void twoDistinctReportersDemoteTheNodeForEveryoneLongerEachTime() {
    demotions.report("source", alone("r1"), MISCONDUCT, NOW);
    Demotions.Counted first = demotions.report("source", alone("r2"), ABSENT, NOW.plusSeconds(10));

    assertThat(first.demoted()).isTrue();
    assertThat(demotions.isWithheldFrom("bystander", "source", NOW.plusSeconds(39))).isTrue();
    assertThat(demotions.isDemoted("source", NOW.plusSeconds(40))).isFalse();

    demotions.report("source", alone("r3"), ABSENT, NOW.plusSeconds(41));
    Demotions.Counted second = demotions.report("source", alone("r4"), ABSENT, NOW.plusSeconds(42));

    assertThat(second.demoted()).isTrue();
    assertThat(second.standing().demotions()).isEqualTo(2);
    assertThat(demotions.isDemoted("source", NOW.plusSeconds(42 + 59))).isTrue();
    assertThat(demotions.isDemoted("source", NOW.plusSeconds(42 + 60))).isFalse();
  }

  @Test
  void reportsThatLedToADemotionDoNotCountTowardsTheNext() {
    demotions.report("source", alone("r1"), MISCONDUCT, NOW);
    demotions.report("source", alone("r2"), MISCONDUCT, NOW);

    Demotions.Counted later = demotions.report("source", alone("r3"), ABSENT, NOW.plusSeconds(31));

    assertThat(later.demoted()).as("r1 and r2 were spent on the first demotion").isFalse();
    assertThat(later.standing().witnesses()).isEqualTo(1);
  }

  @Test
  void reportsFurtherApartThanTheWindowDoNotAddUp() {
    demotions.report("source", alone("r1"), ABSENT, NOW);

    Demotions.Counted later = demotions.report("source", alone("r2"), ABSENT, NOW.plusSeconds(301));

    assertThat(later.demoted()).isFalse();
  }

  @Test
  void aLongExclusionOutlivesTheWindowButItsWordNoLongerCountsTowardsADemotion() {
    for (int i = 0; i < 7; i++) {
      demotions.report("source", alone("r1"), ABSENT, NOW);
    }

    Demotions.Counted later = demotions.report("source", alone("r2"), ABSENT, NOW.plusSeconds(301));

    assertThat(later.demoted()).isFalse();
    assertThat(demotions.isWithheldFrom("r1", "source", NOW.plusSeconds(30 * 64 - 1)))
        .as("kept from r1 for 64 base times, beyond the 5-minute window")
        .isTrue();
  }

  @Test
  void busyFromTwoSetsTheNodeAsideOnceWithoutLengtheningLaterDemotions() {
    demotions.report("popular", alone("r1"), BUSY, NOW);
    Demotions.Counted busy = demotions.report("popular", alone("r2"), BUSY, NOW);

    assertThat(busy.demoted()).isTrue();
    assertThat(busy.standing().demotions()).as("no fault").isZero();
    assertThat(demotions.isDemoted("popular", NOW.plusSeconds(30))).isFalse();

    demotions.report("popular", alone("r3"), ABSENT, NOW.plusSeconds(31));
    demotions.report("popular", alone("r4"), ABSENT, NOW.plusSeconds(31));

    assertThat(demotions.isDemoted("popular", NOW.plusSeconds(31 + 29))).isTrue();
    assertThat(demotions.isDemoted("popular", NOW.plusSeconds(31 + 30)))
        .as("a first demotion: 30 s")
        .isFalse();
  }

  @Test
  void onlyMisconductCountsItsReporterTowardsEviction() {
    demotions.report("source", alone("r1"), ABSENT, NOW);
    demotions.report("source", alone("r2"), BUSY, NOW);
    Demotions.Counted misconduct = demotions.report("source", alone("r3"), MISCONDUCT, NOW);

    assertThat(misconduct.standing().distinctReporters()).isEqualTo(1);

    demotions.evicted("source");

    assertThat(demotions.standing("source", NOW).orElseThrow().distinctReporters()).isZero();
  }

  @Test
  void forgetsANodeAnHourAfterItLastMattered() {
    demotions.report("source", alone("r1"), MISCONDUCT, NOW);

    demotions.sweep(NOW.plusSeconds(30).plus(Duration.ofHours(1)));
    assertThat(demotions.standing("source", NOW)).isPresent();
    demotions.sweep(NOW.plusSeconds(31).plus(Duration.ofHours(1)));
    assertThat(demotions.standing("source", NOW)).isEmpty();
  }

  @Test
  void reportersOfOneNetworkAreOneWitnessButEachIsSparedTheSourceItReported() {
    demotions.report("source", new Reporter("sybil-1", "192.0.2.7"), MISCONDUCT, NOW);
    Demotions.Counted second =
        demotions.report("source", new Reporter("sybil-2", "192.0.2.7"), MISCONDUCT, NOW);

    assertThat(second.demoted()).as("two ids, one network").isFalse();
    assertThat(second.standing().witnesses()).isEqualTo(1);
    assertThat(second.standing().distinctReporters()).isEqualTo(1);
    assertThat(demotions.isWithheldFrom("sybil-2", "source", NOW)).isTrue();
    assertThat(demotions.isWithheldFrom("r3", "source", NOW)).isFalse();

    Demotions.Counted third =
        demotions.report("source", new Reporter("r3", "198.51.100.1"), MISCONDUCT, NOW);

    assertThat(third.demoted()).as("a second network").isTrue();
    assertThat(third.standing().distinctReporters()).isEqualTo(2);
  }
}
