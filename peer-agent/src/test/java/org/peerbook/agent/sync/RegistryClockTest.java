package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The resource manager's time as the {@code Date} of its answers tells it. */
class RegistryClockTest {
  private static final Instant NOW = Instant.parse("2026-12-07T13:00:00Z");

  /** The machine's clock, moved by the test. */
  private Instant machine = NOW;

  private final RegistryClock clock = new RegistryClock(() -> machine);

  @Test
  void aClockThatIsRightWithinTheToleranceStaysExactlyAsItIs() {
    clock.observe(NOW.minusSeconds(3));
    clock.observe(NOW.plusSeconds(4));

    assertThat(clock.offset()).isZero();
    assertThat(clock.instant()).isEqualTo(NOW);
  }

  @Test
  void aMachineMinutesAheadReadsTheResourceManagersTime() {
    machine = NOW.plusSeconds(600);
    clock.observe(NOW);

    assertThat(clock.offset()).isEqualTo(Duration.ofMillis(-599_500));
    assertThat(clock.instant()).isEqualTo(NOW.plusMillis(500));

    machine = NOW.plusSeconds(601);
    clock.observe(NOW.plusSeconds(2));
    assertThat(clock.offset())
        .as("a second of Date's resolution")
        .isEqualTo(Duration.ofMillis(-599_500));
  }

  @Test
  void theOffsetFollowsTheClockAndGoesOnceItIsRightAgain() {
    machine = NOW.minusSeconds(300);
    clock.observe(NOW);
    assertThat(clock.offset()).isEqualTo(Duration.ofMillis(300_500));

    machine = NOW.minusSeconds(100);
    clock.observe(NOW);
    assertThat(clock.offset()).as("set, but still wrong").isEqualTo(Duration.ofMillis(100_500));

    machine = NOW.plusSeconds(4);
    clock.observe(NOW.plusSeconds(8));
    assertThat(clock.offset())
        .as("at the edge of the tolerance: still counted")
        .isEqualTo(Duration.ofMillis(4_500));
    machine = NOW.plusSeconds(9);
    clock.observe(NOW.plusSeconds(9));
    assertThat(clock.offset()).isZero();
    assertThat(clock.instant()).isEqualTo(NOW.plusSeconds(9));
  }
}
