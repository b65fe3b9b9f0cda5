package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot's rows inserted on a thread of their own while the caller receives, parses and checks
 * the next contacts: H2 takes about as long to insert a contact as the wire, the parser and the
 * digest take to bring it, so the two halves of a first sync overlap instead of adding up. The
 * caller hands rows over in batches through a short queue (a few thousand contacts in memory at
 * most); the writer is the only user of the connection until {@link #finish} returns. A caller that
 * gives up stops the writer after its current batch ({@link #close}); nothing is interrupted, so H2
 * never sees an interrupted file operation.
 */
final class BackgroundInsert implements AutoCloseable {
  private static final int BATCH = 1000;
  private static final int QUEUED_BATCHES = 4;
  private static final long WRITER_CHECK_MILLIS = 50;
  private static final List<ContactRows> END = Collections.unmodifiableList(new ArrayList<>());

  private final BlockingQueue<List<ContactRows>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final CompletableFuture<Void> written = new CompletableFuture<>();
  private volatile boolean stopped;
  private List<ContactRows> next = new ArrayList<>(BATCH);
  private boolean finished;

  BackgroundInsert(Connection connection) {
    Thread writer = new Thread(() -> write(connection), "snapshot-rows");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues {@code rows} for the writer.
   *
   * @throws StoreException if the writer failed
   */
  void add(ContactRows rows) {
    next.add(rows);
    if (next.size() == BATCH) {
      hand(next);
      next = new ArrayList<>(BATCH);
    }
  }

  /**
   * Waits until every row handed over is written and committed; the connection is the caller's
   * again.
   *
   * @throws StoreException if the writer failed
   */
  void finish() {
    hand(next);
    hand(END);
    awaitWriter();
    finished = true;
  }

  /** Stops the writer after its current batch, unless {@link #finish} already waited for it. */
  @Override
  public void close() {
    if (!finished) {
      stopped = true;
      batches.clear();
      batches.offer(END);
      // what the writer failed with, if it did, is not why the load is given up: the caller's
      // exception says that
      written.exceptionally(failure -> null).join();
    }
  }

  private void write(Connection connection) {
    try {
      // done only once the last batch is flushed and committed, when the inserts close
      try (var inserts = new ContactRows.BatchInsert(connection)) {
        for (List<ContactRows> batch = batches.take();
            batch != END && !stopped;
            batch = batches.take()) {
          for (ContactRows rows : batch) {
            inserts.add(rows);
          }
        }
      }
      written.complete(null);
    } catch (SQLException | RuntimeException e) {
      written.completeExceptionally(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      written.completeExceptionally(e);
    } finally {
      // a caller blocked on a full queue sees the writer is gone at its next check
      batches.clear();
    }
  }

  private void hand(List<ContactRows> batch) {
    try {
      while (!batches.offer(batch, WRITER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (written.isDone()) {
          awaitWriter();
          throw new StoreException("the snapshot's writer stopped before its last rows", null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while loading a snapshot", e);
    }
  }

  private void awaitWriter() {
    try {
      written.get();
    } catch (ExecutionException e) {
      throw new StoreException("writing the snapshot's rows", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while loading a snapshot", e);
    }
  }
}
