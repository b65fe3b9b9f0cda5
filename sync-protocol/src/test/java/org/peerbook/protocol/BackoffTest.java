package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void doublesFromHalfASecondAndDrawsBetweenHalfAndAllOfIt() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(Backoff.millis(0, random)).isBetween(250L, 500L);
      assertThat(Backoff.millis(1, random)).isBetween(500L, 1_000L);
      assertThat(Backoff.millis(3, random)).isBetween(2_000L, 4_000L);
    }
  }

  @Test
  void neverWaitsLongerThanTheCeilingHoweverOftenItFailed() {
    for (int attempt : new int[] {7, 10, 11, 63, Integer.MAX_VALUE}) {
      assertThat(Backoff.millis(attempt, random)).isBetween(15_000L, Backoff.CEILING_MILLIS);
    }
  }
}
