package org.peerbook.book.control;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.peerbook.book.control.ChangeRecorder.Outcome;
import org.peerbook.book.control.ChangeRecorder.Recorded;
import org.peerbook.protocol.serving.RefusedException;

/**
 * Concurrent writes share transactions: every request waits in a queue, and whoever holds the
 * commit lock records everything queued so far in one transaction with one head signature ({@link
 * ChangeRecorder#recordEach}) while the next requests queue behind it. One writer alone commits at
 * once, as before; many writers pay for one commit (one flush, one row lock, one signature) per
 * batch instead of per request. A request returns only once its batch committed: acknowledged is
 * committed. A refused request is refused alone; if a batch fails otherwise, its requests are tried
 * again one by one, so that one request's failure never becomes another's.
 *
 * <p>A request waits for its turn at most {@code peerbook.book.commit-wait-seconds}: a database
 * that stalls (a commit that does not come back) would otherwise keep every writer that arrives
 * waiting, each holding a request thread, until the server answered nothing at all. One that waited
 * that long and is still queued leaves the queue and is refused (503 with {@code Retry-After}):
 * nothing of it was written. One that a batch took along already waits for that batch's outcome
 * instead, however long the database takes: it may be written, and only its outcome can say.
 *
 * <p>Each server batches its own requests; members of a cluster still queue on the head row.
 */
@ApplicationScoped
public class GroupCommit {
  // a batch holds at least one request and stops growing past this many changes: a bulk import
  // commits alone, and no transaction grows without bound
  static final int MAX_BATCH_CHANGES = 5_000;

  private static final long RETRY_AFTER_SECONDS = 5;

  @EJB ChangeRecorder recorder;

  @Inject
  @ConfigProperty(name = "peerbook.book.commit-wait-seconds", defaultValue = "10")
  long commitWaitSeconds;

  @Inject
  @Metric(
      name = "peerbook.book.commits",
      absolute = true,
      description = "transactions that wrote requests to the book (a batch is one)")
  Counter commits;

  @Inject
  @Metric(
      name = "peerbook.book.committed.requests",
      absolute = true,
      description = "write requests recorded; against peerbook.book.commits: the batching")
  Counter committedRequests;

  private final ReentrantLock committing = new ReentrantLock(true);
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

  /**
   * Records {@code changes}, all or nothing, in a transaction it may share with other requests.
   *
   * @throws BookException if the book refuses a change: nothing of this request is written
   */
  public Recorded record(List<Change> changes) {
    Pending mine = new Pending(changes);
    queue.add(mine);
    if (!takeTurn(mine)) {
      mine.awaitBatch();
      return mine.result();
    }
    try {
      while (mine.outcome == null) {
        commitQueued();
      }
    } finally {
      committing.unlock();
    }
    return mine.result();
  }

  /**
   * Takes the commit lock within the wait allowed.
   *
   * @return false if a batch took {@code mine} along meanwhile: its outcome is that batch's
   * @throws RefusedException 503 if it waited too long and nobody took it: it is not written
   */
  private boolean takeTurn(Pending mine) {
    try {
      if (committing.tryLock(commitWaitSeconds, TimeUnit.SECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!queue.remove(mine)) {
      return false;
    }
    throw RefusedException.busy(
        "the database committed none of the writes before this one for "
            + commitWaitSeconds
            + " s; nothing of this request was written",
        RETRY_AFTER_SECONDS);
  }

  private void commitQueued() {
    List<Pending> batch = new ArrayList<>();
    int changes = 0;
    for (Pending next = queue.peek();
        next != null && (batch.isEmpty() || changes + next.changes.size() <= MAX_BATCH_CHANGES);
        next = queue.peek()) {
      batch.add(queue.poll());
      changes += next.changes.size();
    }
    try {
      List<Outcome> outcomes = recorder.recordEach(batch.stream().map(p -> p.changes).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).decided(outcomes.get(i), null);
      }
      commits.inc();
      committedRequests.inc(outcomes.stream().filter(o -> o.recorded() != null).count());
    } catch (RuntimeException failed) {
      if (batch.size() == 1) {
        batch.get(0).decided(new Outcome(null, null), failed);
        return;
      }
      for (Pending alone : batch) {
        try {
          Outcome outcome = recorder.recordEach(List.of(alone.changes)).get(0);
          commits.inc();
          committedRequests.inc(outcome.recorded() == null ? 0 : 1);
          alone.decided(outcome, null);
        } catch (RuntimeException e) {
          alone.decided(new Outcome(null, null), e);
        }
      }
    }
  }

  /**
   * A request waiting for its batch; decided under the commit lock, and read there or, by a request
   * that a batch took along while it waited for the lock, after {@link #awaitBatch}.
   */
  private static final class Pending {
    final List<Change> changes;
    private final CountDownLatch decided = new CountDownLatch(1);
    Outcome outcome;
    RuntimeException failure;

    Pending(List<Change> changes) {
      this.changes = changes;
    }

    void decided(Outcome outcome, RuntimeException failure) {
      this.outcome = outcome;
      this.failure = failure;
      decided.countDown();
    }

    /** Waits for the batch that took this request along, however long the database takes. */
    void awaitBatch() {
      boolean interrupted = false;
      while (true) {
        try {
          decided.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    Recorded result() {
      if (failure != null) {
        throw failure;
      }
      if (outcome.refused() != null) {
        throw outcome.refused();
      }
      return outcome.recorded();
    }
  }
}
