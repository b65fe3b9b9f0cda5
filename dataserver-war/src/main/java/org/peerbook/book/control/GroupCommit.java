package org.peerbook.book.control;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.peerbook.book.control.ChangeRecorder.Outcome;
import org.peerbook.book.control.ChangeRecorder.Recorded;

/**
 * Concurrent writes share transactions: every request waits in a queue, and whoever holds the
 * commit lock records everything queued so far in one transaction with one head signature ({@link
 * ChangeRecorder#recordEach}) while the next requests queue behind it. One writer alone commits at
 * once, as before; many writers pay for one commit (one flush, one row lock, one signature) per
 * batch instead of per request. A request returns only once its batch committed: acknowledged is
 * committed. A refused request is refused alone; if a batch fails otherwise, its requests are tried
 * again one by one, so that one request's failure never becomes another's.
 *
 * <p>Each server batches its own requests; members of a cluster still queue on the head row.
 */
@ApplicationScoped
public class GroupCommit {
  // a batch holds at least one request and stops growing past this many changes: a bulk import
  // commits alone, and no transaction grows without bound
  static final int MAX_BATCH_CHANGES = 5_000;

  @EJB ChangeRecorder recorder;

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
    committing.lock();
    try {
      while (mine.outcome == null) {
        commitQueued();
      }
    } finally {
      committing.unlock();
    }
    return mine.result();
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
        batch.get(i).outcome = outcomes.get(i);
      }
      commits.inc();
      committedRequests.inc(outcomes.stream().filter(o -> o.recorded() != null).count());
    } catch (RuntimeException failed) {
      if (batch.size() == 1) {
        batch.get(0).failure = failed;
        batch.get(0).outcome = new Outcome(null, null);
        return;
      }
      for (Pending alone : batch) {
        try {
          alone.outcome = recorder.recordEach(List.of(alone.changes)).get(0);
          commits.inc();
          committedRequests.inc(alone.outcome.recorded() == null ? 0 : 1);
        } catch (RuntimeException e) {
          alone.failure = e;
          alone.outcome = new Outcome(null, null);
        }
      }
    }
  }

  /** A request waiting for its batch; written and read under the commit lock only. */
  private static final class Pending {
    final List<Change> changes;
    Outcome outcome;
    RuntimeException failure;

    Pending(List<Change> changes) {
      this.changes = changes;
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
