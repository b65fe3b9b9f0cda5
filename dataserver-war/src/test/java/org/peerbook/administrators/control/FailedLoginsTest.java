package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedLoginsTest {
  private final FailedLogins logins = new FailedLogins(3, 6);

  @Test
  void letsAnAddressFailItsBurstThenMakesItWaitForTheRefill() {
    for (int i = 0; i < 3; i++) {
      assertThat(logins.waitSeconds("10.0.0.1", 1_000)).isZero();
      logins.failed("10.0.0.1", 1_000);
    }

    assertThat(logins.waitSeconds("10.0.0.1", 1_000)).isEqualTo(10);
    assertThat(logins.waitSeconds("10.0.0.1", 6_000)).isEqualTo(5);
    assertThat(logins.waitSeconds("10.0.0.1", 11_000)).isZero();
  }

  @Test
  void chargesEachAddressOnItsOwn() {
    for (int i = 0; i < 3; i++) {
      logins.failed("10.0.0.1", 0);
    }

    assertThat(logins.waitSeconds("10.0.0.1", 0)).isPositive();
    assertThat(logins.waitSeconds("10.0.0.2", 0)).isZero();
  }

  @Test
  void refillsNoFurtherThanTheBurst() {
    logins.failed("10.0.0.1", 0);
    long anHourLater = 3_600_000;
    for (int i = 0; i < 3; i++) {
      assertThat(logins.waitSeconds("10.0.0.1", anHourLater)).isZero();
      logins.failed("10.0.0.1", anHourLater);
    }

    assertThat(logins.waitSeconds("10.0.0.1", anHourLater)).isPositive();
  }
}
