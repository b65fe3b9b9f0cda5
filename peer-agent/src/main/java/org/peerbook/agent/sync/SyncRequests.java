package org.peerbook.agent.sync;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks for syncs on the agent's one sync thread: at most one waits at a time, and the soonest
 * request decides when it runs. Heartbeats during a long sync must not pile syncs up behind it; a
 * head that moved during a sync still gets one more; and a new head heard of while a sync waits out
 * a backoff (after a source failed, or a cluster member was down) is synced for at once, not after
 * the backoff. A head heard of again while a sync runs asks for none more: the running sync asks
 * again itself if it ends behind.
 */
final class SyncRequests {
  private final ScheduledExecutorService syncThread;
  private final Runnable sync;
  // the sync that waits to run, or null; cleared when it starts
  private ScheduledFuture<?> waiting;
  private long waitingDue;
  private boolean running;

  /**
   * @param syncThread the single thread every sync runs on
   * @param sync one sync
   */
  SyncRequests(ScheduledExecutorService syncThread, Runnable sync) {
    this.syncThread = syncThread;
    this.sync = sync;
  }

  /** A sync in {@code delayMillis}, or sooner if one waits that is due sooner. */
  synchronized void request(long delayMillis) {
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
    if (waiting != null && (due - waitingDue >= 0 || !waiting.cancel(false))) {
      // the one waiting is due first, or it started just now: it syncs to the newest head heard of
      return;
    }
    waitingDue = due;
    waiting = syncThread.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * As {@link #request}, unless a sync runs now: for a head already heard of, which the running
   * sync is after (a heartbeat whose interval ended while the copy synced).
   */
  synchronized void requestUnlessRunning(long delayMillis) {
    if (!running) {
      request(delayMillis);
    }
  }

  private void run() {
    synchronized (this) {
      waiting = null;
      running = true;
    }
    try {
      sync.run();
    } finally {
      synchronized (this) {
        running = false;
      }
    }
  }
}
