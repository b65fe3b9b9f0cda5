package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOutsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final HandOuts handOuts = new HandOuts(WINDOW, 8);

  @Test
  void aHandOutPastTheWindowCountsForNothingBeforeAnySweep() {
    handOuts.record("requester", List.of("old"), NOW);
    handOuts.record("requester", List.of("new"), NOW.plus(WINDOW));
    Instant later = NOW.plus(WINDOW).plusSeconds(1);

    assertThat(handOuts.recentFor("requester", later)).containsOnlyKeys("new");
    assertThat(handOuts.consume("requester", "old", later)).isFalse();
    assertThat(handOuts.consume("requester", "new", later)).isTrue();
  }

  @Test
  void theTableIsWalkedATenthOfAWindowApartHoweverOftenASweepIsAskedFor() {
    handOuts.sweep(NOW);
    handOuts.record("gone", List.of("a"), NOW.minus(WINDOW).minusSeconds(1));
    Duration apart = WINDOW.dividedBy(HandOuts.SWEEPS_PER_WINDOW);

    for (Instant at = NOW.plusSeconds(1); at.isBefore(NOW.plus(apart)); at = at.plusSeconds(1)) {
      handOuts.sweep(at);
    }
    assertThat(handOuts.requesters()).as("swept every second for a tenth of a window").isEqualTo(1);

    handOuts.sweep(NOW.plus(apart));
    assertThat(handOuts.requesters()).isZero();
  }
}
