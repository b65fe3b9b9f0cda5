package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowSourceTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void judgesNoSourceBeforeItsBytesFlowedForThePatience() {
    assertThat(SlowSource.DEFAULT.isSlow(0, SECOND - 1)).isFalse();
    assertThat(SlowSource.DEFAULT.isSlow(0, SECOND)).isTrue();
  }

  @Test
  void leavesASourceBelowTheRateAndKeepsOneAtIt() {
    // a VPN laptop's 20 Mbit/s shared by 8 sessions: 312,500 bytes/s
    assertThat(SlowSource.DEFAULT.isSlow(312_500, SECOND)).isTrue();
    assertThat(SlowSource.DEFAULT.isSlow(524_288, SECOND)).isFalse();
    assertThat(SlowSource.DEFAULT.isSlow(1_048_575, 2 * SECOND)).isTrue();
    assertThat(SlowSource.DEFAULT.isSlow(1_048_576, 2 * SECOND)).isFalse();
  }

  @Test
  void saysWhenASourceThatSendsNothingMoreTurnsSlow() {
    assertThat(SlowSource.DEFAULT.slowFromNanos(0)).isEqualTo(SECOND);
    assertThat(SlowSource.DEFAULT.slowFromNanos(250_000)).isEqualTo(SECOND);
    assertThat(SlowSource.DEFAULT.slowFromNanos(3 << 19)).isEqualTo(3 * SECOND);
    long from = SlowSource.DEFAULT.slowFromNanos(1_500_000);
    assertThat(SlowSource.DEFAULT.isSlow(1_500_000, from - 1)).isFalse();
    assertThat(SlowSource.DEFAULT.isSlow(1_500_000, from + 1)).isTrue();
  }

  @Test
  void neverLeavesWithoutARate() {
    assertThat(SlowSource.NEVER.leaves()).isFalse();
    assertThat(SlowSource.NEVER.isSlow(0, Long.MAX_VALUE)).isFalse();
    assertThat(SlowSource.NEVER.slowFromNanos(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void overflowsToNeverRatherThanToTheFarPast() {
    assertThat(new SlowSource(Duration.ofSeconds(1), 1).slowFromNanos(Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusesAPatienceOfNothingAndANegativeRate() {
    assertThatThrownBy(() -> new SlowSource(Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlowSource(Duration.ofSeconds(1), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
