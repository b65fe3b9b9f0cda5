package org.peerbook.protocol.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenPerKeyTest {
  @Test
  void letsAKeyHaveItsAllowanceOpenAndNoMore() {
    var open = new OpenPerKey(2);

    assertThat(open.tryOpen("192.0.2.1")).isTrue();
    assertThat(open.tryOpen("192.0.2.1")).isTrue();
    assertThat(open.tryOpen("192.0.2.1")).isFalse();
    assertThat(open.tryOpen("192.0.2.2")).as("another key").isTrue();

    open.close("192.0.2.1");
    assertThat(open.tryOpen("192.0.2.1")).as("one closed: room for one").isTrue();
    assertThat(open.tryOpen("192.0.2.1")).isFalse();
  }

  @Test
  void forgetsAKeyOnceNothingOfItsIsOpen() {
    var open = new OpenPerKey(3);
    open.tryOpen("192.0.2.1");
    open.tryOpen("192.0.2.1");

    open.close("192.0.2.1");
    open.close("192.0.2.1");
    open.close("192.0.2.1");

    assertThat(open.open("192.0.2.1")).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(open.tryOpen("192.0.2.1")).as("a close too many does not add room").isTrue();
    }
    assertThat(open.tryOpen("192.0.2.1")).isFalse();
  }

  @Test
  void saysOnceThatAKeyStartsBeingRefused() {
    var open = new OpenPerKey(1);
    open.tryOpen("192.0.2.1");

    assertThat(open.tryOpen("192.0.2.1")).isFalse();
    assertThat(open.startsRefusing("192.0.2.1")).isTrue();
    assertThat(open.tryOpen("192.0.2.1")).isFalse();
    assertThat(open.startsRefusing("192.0.2.1")).as("the same flood").isFalse();

    open.close("192.0.2.1");
    open.tryOpen("192.0.2.1");
    assertThat(open.tryOpen("192.0.2.1")).isFalse();
    assertThat(open.startsRefusing("192.0.2.1")).as("a flood after one closed").isTrue();
  }

  @Test
  void refusesAnAllowanceBelowOne() {
    assertThatThrownBy(() -> new OpenPerKey(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
