package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sync requests on one real scheduler thread: one waits at a time, the soonest decides. */
class SyncRequestsTest {
  private final ScheduledExecutorService syncThread = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger syncs = new AtomicInteger();

  @AfterEach
  void stop() {
    syncThread.shutdownNow();
  }

  @Test
  void aSoonerRequestBringsAWaitingSyncForward() {
    var requests = new SyncRequests(syncThread, syncs::incrementAndGet);

    requests.request(TimeUnit.MINUTES.toMillis(1));
    requests.request(0);

    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 1);
    await("the later one is gone, not run as well")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> syncs.get() == 1);
  }

  @Test
  void requestsWhileOneWaitsAreOneSync() {
    var requests = new SyncRequests(syncThread, syncs::incrementAndGet);

    requests.request(200);
    requests.request(300);
    requests.request(TimeUnit.MINUTES.toMillis(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 1);
    await("one sync for all three")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> syncs.get() == 1);
  }

  @Test
  void aRequestDuringASyncGetsOneMoreAfterIt() throws InterruptedException {
    var running = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var requests = new SyncRequests(syncThread, firstSyncHeldUntil(running, release));

    requests.request(0);
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    requests.request(0);
    requests.request(0);
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 2);
    await("one more, not one per request")
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(() -> syncs.get() == 2);
  }

  @Test
  void aHeadHeardOfAgainDuringASyncAsksForNoneMore() throws InterruptedException {
    var running = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var requests = new SyncRequests(syncThread, firstSyncHeldUntil(running, release));

    requests.request(0);
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    requests.requestUnlessRunning(0);
    release.countDown();

    await("the running sync, and no other")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> syncs.get() == 1);
    requests.requestUnlessRunning(0);
    await("once none runs, it is asked for")
        .atMost(Duration.ofSeconds(5))
        .until(() -> syncs.get() == 2);
  }

  @Test
  void aHeadHeardOfAgainBringsAWaitingSyncForward() {
    var requests = new SyncRequests(syncThread, syncs::incrementAndGet);

    requests.request(TimeUnit.MINUTES.toMillis(1));
    requests.requestUnlessRunning(0);

    await().atMost(Duration.ofSeconds(5)).until(() -> syncs.get() == 1);
  }

  /** Counts syncs; the first tells {@code running} and runs until {@code release}. */
  private Runnable firstSyncHeldUntil(CountDownLatch running, CountDownLatch release) {
    return () -> {
      if (syncs.incrementAndGet() == 1) {
        running.countDown();
        awaitQuietly(release);
      }
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
