package org.peerbook.protocol.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void letsABurstThroughThenTheRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);

    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).as("half a second until the next token").isEqualTo(SECOND / 2);
    assertThat(bucket.take(SECOND / 2)).isZero();
    assertThat(bucket.take(SECOND / 2)).isPositive();
  }

  @Test
  void neverSavesMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, 0);

    long hourLater = 3600 * SECOND;
    assertThat(bucket.take(hourLater)).isZero();
    assertThat(bucket.take(hourLater)).isZero();
    assertThat(bucket.take(hourLater)).isPositive();
  }

  @Test
  void tellsOnlyTheFirstRefusalOfARun() {
    TokenBucket bucket = new TokenBucket(1, 1, 0);
    bucket.take(0);

    assertThat(bucket.startsRefusing()).isTrue();
    assertThat(bucket.startsRefusing()).isFalse();
    bucket.take(2 * SECOND);
    assertThat(bucket.startsRefusing()).isTrue();
  }

  @Test
  void isSpentIntoDebtAndRefusesUntilTheDebtIsPaidOff() {
    TokenBucket bytes = new TokenBucket(100, 1_000, 0);

    assertThat(bytes.credit(0)).isZero();
    bytes.spend(0, 600);
    assertThat(bytes.credit(0)).as("400 left").isZero();
    bytes.spend(0, 2_400);
    assertThat(bytes.credit(0))
        .as("2,000 in debt: 20 s at 100 a second")
        .isBetween(20 * SECOND, 20 * SECOND + 1);
    assertThat(bytes.credit(20 * SECOND - 1)).isPositive();
    assertThat(bytes.credit(20 * SECOND + 1)).isZero();
  }

  @Test
  void aSpenderInDebtIsToldOnce() {
    TokenBucket bytes = new TokenBucket(1, 10, 0);
    bytes.spend(0, 20);

    assertThat(bytes.credit(0)).isPositive();
    assertThat(bytes.startsRefusing()).isTrue();
    assertThat(bytes.credit(SECOND)).isPositive();
    assertThat(bytes.startsRefusing()).isFalse();
    assertThat(bytes.credit(11 * SECOND)).isZero();
    bytes.spend(11 * SECOND, 20);
    assertThat(bytes.credit(11 * SECOND)).isPositive();
    assertThat(bytes.startsRefusing()).isTrue();
  }

  @Test
  void untilWholeWaitsForAWholeTokenAndTakesNone() {
    TokenBucket failures = new TokenBucket(0.5, 2, 0);

    assertThat(failures.untilWhole(0)).isZero();
    failures.spend(0, 2);
    assertThat(failures.untilWhole(1_000_000_000L))
        .as("half a token back")
        .isEqualTo(1_000_000_000L);
    assertThat(failures.untilWhole(2_000_000_000L)).isZero();
    assertThat(failures.untilWhole(2_000_000_000L)).as("nothing taken").isZero();
  }
}
