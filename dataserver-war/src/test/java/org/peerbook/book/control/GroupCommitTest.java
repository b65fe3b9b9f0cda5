package org.peerbook.book.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.Test;
import org.peerbook.book.control.ChangeRecorder.Outcome;
import org.peerbook.book.control.ChangeRecorder.Recorded;
import org.peerbook.book.control.ChangeRecorder.Written;
import org.peerbook.protocol.serving.RefusedException;

/**
 * Requests that queue while a batch commits share the next transaction; when that transaction fails
 * for a reason of one request's making, each request is tried again alone, so that only that one
 * fails. A database that stalls keeps a request waiting for its turn only so long.
 */
class GroupCommitTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch releaseSecond = new CountDownLatch(1);
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  private final GroupCommit groupCommit = new GroupCommit();

  {
    groupCommit.recorder = new Recorder();
    groupCommit.commits = new CountingCounter();
    groupCommit.committedRequests = new CountingCounter();
    groupCommit.commitWaitSeconds = 10;
  }

  /**
   * Stands in for the database: the first batch waits for {@link #release}, the second for {@link
   * #releaseSecond}; "poison" fails any batch.
   */
  private final class Recorder extends ChangeRecorder {
    private final AtomicLong version = new AtomicLong();

    @Override
    public List<Outcome> recordEach(List<List<Change>> requests) {
      batches.add(requests.size());
      if (batches.size() == 1) {
        waitFor(release);
      } else if (batches.size() == 2) {
        waitFor(releaseSecond);
      }
      if (requests.stream().anyMatch(r -> r.get(0).contactId().equals("poison"))) {
        throw new IllegalStateException("a constraint the poison request breaks");
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (List<Change> request : requests) {
        Written written = new Written(request.get(0).contactId(), version.incrementAndGet(), null);
        outcomes.add(new Outcome(new Recorded(List.of(written), null), null));
      }
      return outcomes;
    }
  }

  @Test
  void aBatchThatFailsIsTriedAgainRequestByRequestAndOnlyTheCulpritFails() throws Exception {
    releaseSecond.countDown();
    CompletableFuture<Recorded> first = recordInThread("first").result();
    await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
    // these queue behind the first batch, one after the other
    List<CompletableFuture<Recorded>> queued = new ArrayList<>();
    for (String id : List.of("b", "poison", "c", "d")) {
      Recording recording = recordInThread(id);
      queued.add(recording.result());
      awaitWaiting(recording);
    }
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).written().get(0).contactId()).isEqualTo("first");
    assertThat(queued.get(0).get(10, TimeUnit.SECONDS).written().get(0).contactId()).isEqualTo("b");
    assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(queued.get(2).get(10, TimeUnit.SECONDS).written().get(0).contactId()).isEqualTo("c");
    assertThat(queued.get(3).get(10, TimeUnit.SECONDS).written().get(0).contactId()).isEqualTo("d");
    assertThat(batches)
        .as("one alone, four together, then each of the four alone")
        .containsExactly(1, 4, 1, 1, 1, 1);
    assertThat(groupCommit.committedRequests.getCount()).isEqualTo(4);
  }

  @Test
  void aWriteThatWaitedTooLongForAStalledCommitIsRefusedUnwritten() throws Exception {
    groupCommit.commitWaitSeconds = 1;
    CompletableFuture<Recorded> stalled = recordInThread("stalled").result();
    await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);

    assertThatThrownBy(() -> groupCommit.record(List.of(Change.delete("late", null))))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("nothing of this request was written")
        .satisfies(e -> assertThat(((RefusedException) e).status()).isEqualTo(503));

    release.countDown();
    releaseSecond.countDown();
    assertThat(stalled.get(10, TimeUnit.SECONDS).written().get(0).contactId()).isEqualTo("stalled");
    assertThat(groupCommit.record(List.of(Change.delete("after", null))).written()).hasSize(1);
    assertThat(batches).as("the refused write never reached the database").containsExactly(1, 1);
  }

  @Test
  void aWriteThatABatchTookAlongWaitsForThatBatchHoweverLongItTakes() throws Exception {
    groupCommit.commitWaitSeconds = 1;
    CompletableFuture<Recorded> first = recordInThread("first").result();
    await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
    Recording second = recordInThread("second");
    awaitWaiting(second);
    Recording third = recordInThread("third");
    awaitWaiting(third);

    // the first batch ends; the second writer commits itself and the third, and that stalls
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
    // the third's wait for its turn ran out; taken along, it waits for the batch instead
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> third.thread().getState() == Thread.State.WAITING);
    releaseSecond.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).written()).hasSize(1);
    assertThat(second.result().get(10, TimeUnit.SECONDS).written()).hasSize(1);
    assertThat(third.result().get(10, TimeUnit.SECONDS).written().get(0).contactId())
        .isEqualTo("third");
    assertThat(batches).containsExactly(1, 2);
  }

  private static void awaitWaiting(Recording recording) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                recording.thread().getState() == Thread.State.WAITING
                    || recording.thread().getState() == Thread.State.TIMED_WAITING);
  }

  private record Recording(Thread thread, CompletableFuture<Recorded> result) {}

  /** Records a delete of {@code id} on a thread of its own. */
  private Recording recordInThread(String id) {
    CompletableFuture<Recorded> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(groupCommit.record(List.of(Change.delete(id, null))));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    thread.start();
    return new Recording(thread, result);
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class CountingCounter implements Counter {
    private final AtomicLong count = new AtomicLong();

    @Override
    public void inc() {
      count.incrementAndGet();
    }

    @Override
    public void inc(long n) {
      count.addAndGet(n);
    }

    @Override
    public long getCount() {
      return count.get();
    }
  }
}
