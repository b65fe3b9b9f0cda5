package org.peerbook.sync.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.LogCompacted;

/**
 * Has the snapshot built in the background as the server starts and after each compaction of the
 * log, so that the first new node after either does not wait for it (see {@link
 * SnapshotCache#prepare}).
 */
@Singleton
@Startup
@DependsOn("GenesisHead")
public class SnapshotsAhead {
  @EJB SnapshotCache snapshots;
  @EJB BookLog log;

  @PostConstruct
  void start() {
    BookLog.HeadView view = log.headView();
    snapshots.prepare(view.head().version(), view.logFloor());
  }

  /** The nodes the log no longer reaches need a snapshot: ready before they ask. */
  public void compacted(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) LogCompacted compaction) {
    snapshots.prepare(compaction.headVersion(), compaction.logFloor());
  }
}
