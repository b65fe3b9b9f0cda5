package org.peerbook.agent.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the search indexes of a copy that went live without them (a first sync's snapshot: its
 * contacts answer seconds earlier that way), on a thread of its own ({@link MapIndexBuild}).
 * Meanwhile lookups answer by reading the contacts, until the indexes they read are done ({@link
 * MapSearch}: the build writes the name indexes first), and changes wait: a delta writes the keys
 * of the contacts it touches, which the build would write again as they were.
 *
 * <p>The build writes a run of keys at a time under the store's lock, so a file move or a close
 * gets its turn between two runs. A build broken off (the agent closing, a crash) leaves the copy
 * marked as lacking its indexes ({@link MapHead#indexed}); the next start builds them again.
 */
final class DeferredIndexes implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeferredIndexes.class.getName());
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Lock changes;
  private final Condition built;
  private final Supplier<CopyMaps> maps;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread builder = new Thread(task, "copy-indexes");
            builder.setDaemon(true);
            return builder;
          });
  // builds asked for and not finished; written holding the lock, read without it by status
  private volatile int pending;
  private volatile boolean closed;
  // a running build is to stop: its file is about to be replaced
  private volatile boolean cancelled;

  /**
   * @param changes the lock every change of the copy holds; each run of keys is written holding it
   * @param maps the copy's maps at the moment of asking (a file move replaces them)
   */
  DeferredIndexes(Lock changes, Supplier<CopyMaps> maps) {
    this.changes = changes;
    this.built = changes.newCondition();
    this.maps = maps;
  }

  /** Builds the copy's indexes on the builder's thread; call holding the lock. */
  void build() {
    pending++;
    thread.execute(this::buildAll);
  }

  /** Whether a build is asked for or running. */
  boolean building() {
    return pending > 0;
  }

  /**
   * Waits until no build is asked for or running; call holding the lock, which the wait gives up.
   *
   * @throws StoreException if the store closes meanwhile or the waiting thread is interrupted
   */
  void await() {
    while (pending > 0) {
      if (closed) {
        throw new StoreException("the local copy closed while its indexes were being built", null);
      }
      awaitBuilt();
    }
  }

  /** Stops a running build at its next run and waits for it; call holding the lock. */
  void cancel() {
    cancelled = true;
    try {
      while (pending > 0) {
        awaitBuilt();
      }
    } finally {
      cancelled = false;
    }
  }

  private void awaitBuilt() {
    try {
      built.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while the copy's indexes were being built", e);
    }
  }

  private void buildAll() {
    long started = System.nanoTime();
    try {
      if (MapIndexBuild.build(maps.get(), changes, () -> closed || cancelled)) {
        LOG.fine(
            () -> "search indexes in after " + (System.nanoTime() - started) / 1_000_000 + " ms");
      }
    } catch (RuntimeException e) {
      // lookups still answer by reading the contacts; the next start tries again
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
   * Stops a running build at its next run and waits for the builder to stop. Call without holding
   * the lock: the builder needs it to stop.
   */
  @Override
  public void close() {
    closed = true;
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
