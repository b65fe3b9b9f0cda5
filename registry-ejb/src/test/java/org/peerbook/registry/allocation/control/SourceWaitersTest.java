package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceWaitersTest {
  private final List<String> displaced = new ArrayList<>();

  @Test
  void aNewerVersionWakesTheFirstInLineAsManyAsAnAgentServes() {
    var waiters = new SourceWaiters<String>(100);
    for (int i = 0; i < 20; i++) {
      waiters.hold("n" + i, "w" + i, displaced::add);
    }

    List<String> woken = waiters.wake(0, 1);

    assertThat(woken).hasSize(SourceWaiters.WAKE_PER_NEW_VERSION).startsWith("w0", "w1", "w2");
    assertThat(waiters.size()).isEqualTo(20 - SourceWaiters.WAKE_PER_NEW_VERSION);
    assertThat(waiters.wake(1, 1)).as("no move up").isEmpty();
    assertThat(waiters.wake(3, 2)).as("a move down").isEmpty();
  }

  @Test
  void aNodeHasOnePlaceInLineAndItsNewerRequestTakesIt() {
    var waiters = new SourceWaiters<String>(100);
    waiters.hold("a", "first", displaced::add);
    waiters.hold("b", "other", displaced::add);

    waiters.hold("a", "second", displaced::add);

    assertThat(displaced).containsExactly("first");
    assertThat(waiters.wake(0, 1)).containsExactly("other", "second");
  }

  @Test
  void holdsNoMoreThanItsBoundAndLetsATimedOutWaiterGo() {
    var waiters = new SourceWaiters<String>(2);
    assertThat(waiters.hold("a", "wa", displaced::add)).isTrue();
    assertThat(waiters.hold("b", "wb", displaced::add)).isTrue();

    assertThat(waiters.hold("c", "wc", displaced::add)).isFalse();

    assertThat(waiters.remove("a", "wa")).isTrue();
    assertThat(waiters.remove("a", "wa")).as("gone already").isFalse();
    assertThat(waiters.hold("c", "wc", displaced::add)).isTrue();
    assertThat(waiters.wake(0, 1)).containsExactly("wb", "wc");
  }
}
