package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StalledSyncWatchTest {
  private static final Duration STALL = Duration.ofSeconds(60);

  private final SyncProgress progress = new SyncProgress(Clock.systemUTC());
  private final AtomicLong nanos = new AtomicLong();
  private final StalledSyncWatch watch = new StalledSyncWatch(progress, nanos::get, STALL);
  private final ReentrantLock copy = new ReentrantLock();
  private final CountDownLatch release = new CountDownLatch(1);
  private LogRecords log;
  private Thread holder;
  private Thread sync;

  @BeforeEach
  void syncWaitingForALockAnotherThreadHolds() throws InterruptedException {
    log = LogRecords.of(StalledSyncWatch.class);
    CountDownLatch held = new CountDownLatch(1);
    holder =
        new Thread(
            () -> {
              copy.lock();
              try {
                held.countDown();
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                copy.unlock();
              }
            },
            "holder-of-the-copy");
    holder.start();
    held.await();
    sync =
        new Thread(
            () -> {
              progress.started("peer-7");
              progress.committing();
              copy.lock();
              copy.unlock();
            },
            "test-sync");
    sync.start();
    await().until(() -> copy.hasQueuedThread(sync));
  }

  @AfterEach
  void letGo() throws InterruptedException {
    release.countDown();
    holder.join();
    sync.join();
    log.close();
  }

  @Test
  void aSyncStandingStillPastTheBoundIsReportedOnceWithItsStackAndItsBlockersStack() {
    watch.run();
    nanos.addAndGet(STALL.toNanos() - 1);
    watch.run();
    assertThat(log.warnings()).as("before the bound").isEmpty();

    nanos.addAndGet(1);
    watch.run();
    watch.run();

    assertThat(log.warnings()).hasSize(1);
    String warning = log.warnings().get(0);
    assertThat(warning)
        .contains("the sync from peer-7 made no progress in phase COMMITTING for 60 s")
        .contains("\"test-sync\" WAITING on java.util.concurrent.locks.ReentrantLock")
        .contains("held by \"holder-of-the-copy\"")
        .contains("StalledSyncWatchTest.lambda$syncWaitingForALockAnotherThreadHolds$1")
        .contains("\"holder-of-the-copy\" WAITING")
        .contains("- holds java.util.concurrent.locks.ReentrantLock");
  }

  @Test
  void progressStartsTheWaitAfresh() {
    watch.run();
    nanos.addAndGet(STALL.toNanos() - 1);
    progress.took(1);
    watch.run();
    nanos.addAndGet(STALL.toNanos() - 1);
    watch.run();
    assertThat(log.warnings()).isEmpty();

    nanos.addAndGet(1);
    watch.run();
    assertThat(log.warnings()).hasSize(1);
  }

  @Test
  void noSyncRunningIsNoStall() {
    progress.finished();
    watch.run();
    nanos.addAndGet(STALL.toNanos() * 2);
    watch.run();
    assertThat(log.warnings()).isEmpty();
  }
}
