package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the copy's search indexes ({@link StoreSchema#INDEXES}) on a thread of their own after a
 * first sync's copy went live without them (see {@link SnapshotLoad}), so a first sync is over once
 * its rows are in (about half of it at 100,000 contacts) and the indexes follow in the seconds
 * after. Meanwhile lookups are answered by reading the tables through (slower, still right; each
 * waits for the index being built, as H2 locks its table, see {@link StoreReads}), and changes
 * wait: a delta deletes a contact's old rows through these indexes, and without them each row would
 * be a table scan.
 *
 * <p>Each index is built on the copy's writer connection under the store's lock, one at a time, so
 * that nothing else writes while H2 holds the table, and a snapshot export or a file move can take
 * its turn between two indexes. A build broken off (the agent closing, a crash) leaves no half-made
 * index (H2 drops it, and registers an index only once it is built), and the next start builds what
 * is missing: every statement is {@code CREATE INDEX IF NOT EXISTS}.
 */
final class DeferredIndexes implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeferredIndexes.class.getName());
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Lock changes;
  private final Condition built;
  private final Supplier<Connection> writer;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread builder = new Thread(task, "copy-indexes");
            builder.setDaemon(true);
            return builder;
          });
  // builds asked for and not finished; written holding the lock, read without it by status
  private volatile int pending;
  // the last build to end failed: the copy lacks some indexes until a later build makes them
  private volatile boolean failed;
  private volatile boolean closed;
  private volatile Statement running;

  /**
   * @param changes the lock every change of the copy holds; each index is built holding it
   * @param writer the copy's writer connection at the moment of asking (a file move replaces it)
   */
  DeferredIndexes(Lock changes, Supplier<Connection> writer) {
    this.changes = changes;
    this.built = changes.newCondition();
    this.writer = writer;
  }

  /** Builds whatever index the copy lacks, on the builder's thread; call holding the lock. */
  void build() {
    pending++;
    thread.execute(this::buildAll);
  }

  /** Whether a build is asked for or running. */
  boolean building() {
    return pending > 0;
  }

  /** Whether the copy has every index: no build is asked for or running, and the last succeeded. */
  boolean complete() {
    return pending == 0 && !failed;
  }

  /**
   * Waits until the copy has its indexes; call holding the lock, which the wait gives up.
   *
   * @throws StoreException if the store closes meanwhile or the waiting thread is interrupted
   */
  void await() {
    while (pending > 0) {
      if (closed) {
        throw new StoreException("the local copy closed while its indexes were being built", null);
      }
      try {
        built.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while the copy's indexes were being built", e);
      }
    }
  }

  private void buildAll() {
    long started = System.nanoTime();
    try {
      for (String index : StoreSchema.INDEXES) {
        changes.lock();
        try {
          if (closed) {
            failed = true;
            return;
          }
          try (Statement sql = writer.get().createStatement()) {
            running = sql;
            sql.execute(index);
          } finally {
            running = null;
          }
        } finally {
          changes.unlock();
        }
      }
      failed = false;
      LOG.fine(
          () -> "search indexes in after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (SQLException | RuntimeException e) {
      // lookups still answer and changes still apply, by scanning; the next start tries again
      failed = true;
      if (!closed) {
        LOG.log(Level.WARNING, "cannot build the copy's search indexes; will try at next start", e);
      }
    } finally {
      changes.lock();
      try {
        pending--;
        built.signalAll();
      } finally {
        changes.unlock();
      }
    }
  }

  /**
   * Breaks off a running build (H2 drops the index it was making) and waits for the builder to
   * stop; never interrupts it, so H2 never sees an interrupted file operation. Call without holding
   * the lock: the builder needs it to stop.
   */
  @Override
  public void close() {
    closed = true;
    Statement sql = running;
    if (sql != null) {
      try {
        sql.cancel();
      } catch (SQLException e) {
        LOG.log(Level.FINE, "cannot cancel the index build; waiting for it", e);
      }
    }
    thread.shutdown();
    try {
      if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warning("the copy's index build did not stop in " + CLOSE_WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    changes.lock();
    try {
      built.signalAll();
    } finally {
      changes.unlock();
    }
  }
}
