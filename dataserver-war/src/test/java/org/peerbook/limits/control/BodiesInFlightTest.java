package org.peerbook.limits.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BodiesInFlightTest {
  @Test
  void letsAnAddressHaveItsAllowanceArrivingAndNoMore() {
    var inFlight = new BodiesInFlight(2);

    assertThat(inFlight.tryStart("192.0.2.1")).isTrue();
    assertThat(inFlight.tryStart("192.0.2.1")).isTrue();
    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
    assertThat(inFlight.tryStart("192.0.2.2")).as("another address").isTrue();

    inFlight.arrived("192.0.2.1");
    assertThat(inFlight.tryStart("192.0.2.1")).as("one arrived: room for one").isTrue();
    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
  }

  @Test
  void forgetsAnAddressOnceNothingOfItsIsArriving() {
    var inFlight = new BodiesInFlight(3);
    inFlight.tryStart("192.0.2.1");
    inFlight.tryStart("192.0.2.1");

    inFlight.arrived("192.0.2.1");
    inFlight.arrived("192.0.2.1");
    inFlight.arrived("192.0.2.1");

    assertThat(inFlight.arriving("192.0.2.1")).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(inFlight.tryStart("192.0.2.1"))
          .as("an arrival too many does not add room")
          .isTrue();
    }
    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
  }

  @Test
  void saysOnceThatAnAddressStartsBeingRefused() {
    var inFlight = new BodiesInFlight(1);
    inFlight.tryStart("192.0.2.1");

    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
    assertThat(inFlight.startsRefusing("192.0.2.1")).isTrue();
    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
    assertThat(inFlight.startsRefusing("192.0.2.1")).as("the same flood").isFalse();

    inFlight.arrived("192.0.2.1");
    inFlight.tryStart("192.0.2.1");
    assertThat(inFlight.tryStart("192.0.2.1")).isFalse();
    assertThat(inFlight.startsRefusing("192.0.2.1")).as("a flood after a body arrived").isTrue();
  }

  @Test
  void refusesAnAllowanceBelowOne() {
    assertThatThrownBy(() -> new BodiesInFlight(0))
        .hasMessageContaining("peerbook.limits.bodies-per-address");
  }
}
