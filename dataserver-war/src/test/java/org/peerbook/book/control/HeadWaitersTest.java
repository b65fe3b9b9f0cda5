package org.peerbook.book.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeadWaitersTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final List<String> answered = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private java.util.function.LongConsumer answer(String who) {
    return head -> answered.add(who + "@" + head);
  }

  @Test
  void aHeadPastTheWaitersVersionWakesOnlyThoseBehindIt() {
    var waiters = new HeadWaiters(executor, 10);
    waiters.await(null, 4, LONG, answer("at4"));
    waiters.await(null, 5, LONG, answer("at5"));

    waiters.advanced(5);

    await().until(() -> answered.contains("at4@5"));
    assertThat(answered).containsExactly("at4@5");
    assertThat(waiters.waiting()).isEqualTo(1);
  }

  @Test
  void aWaiterBehindAHeadAlreadyAdvancedToIsAnsweredAtOnce() {
    var waiters = new HeadWaiters(executor, 10);
    waiters.advanced(7);

    waiters.await(null, 6, LONG, answer("late"));

    assertThat(answered).containsExactly("late@7");
    assertThat(waiters.waiting()).isZero();
  }

  @Test
  void aWaiterIsAnsweredOnceWhenItsTimeIsUp() {
    var waiters = new HeadWaiters(executor, 10);

    waiters.await(null, 3, Duration.ofMillis(50), answer("patient"));

    await().until(() -> !answered.isEmpty());
    waiters.advanced(9);
    assertThat(answered).containsExactly("patient@-1");
  }

  @Test
  void aNewerRequestOfTheSameKeyTakesTheHeldOnesPlace() {
    var waiters = new HeadWaiters(executor, 10);
    waiters.await("node-1", 3, LONG, answer("first"));

    waiters.await("node-1", 3, LONG, answer("second"));

    assertThat(answered).containsExactly("first@-1");
    assertThat(waiters.waiting()).isEqualTo(1);
    waiters.advanced(4);
    await().until(() -> answered.size() == 2);
    assertThat(answered).containsExactly("first@-1", "second@4");
  }

  @Test
  void beyondTheBoundNothingWaitsAndTheCallerIsTold() {
    var waiters = new HeadWaiters(executor, 2);
    assertThat(waiters.await("a", 1, LONG, answer("a"))).isTrue();
    assertThat(waiters.await("b", 1, LONG, answer("b"))).isTrue();

    assertThat(waiters.await("c", 1, LONG, answer("c"))).isFalse();

    waiters.advanced(2);
    await().until(() -> answered.size() == 2);
    assertThat(answered).containsExactlyInAnyOrder("a@2", "b@2");
  }
}
