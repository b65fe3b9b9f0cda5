package org.peerbook.sync.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.peerbook.book.control.BookLog;

/**
 * Has the snapshot built in the background as the server starts, so that the first new node after a
 * start does not wait for it (see {@link SnapshotCache#prepare}).
 */
@Singleton
@Startup
@DependsOn("GenesisHead")
public class SnapshotWarmUp {
  @EJB SnapshotCache snapshots;
  @EJB BookLog log;

  @PostConstruct
  void start() {
    BookLog.HeadView view = log.headView();
    snapshots.prepare(view.head().version(), view.logFloor());
  }
}
