package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Inserts a snapshot's rows on a thread of its own while the caller's thread reads, verifies and
 * prepares the next ones: on two cores the database's work and the parsing overlap instead of
 * adding up. A few batches wait at most, so memory stays bounded however large the book.
 */
final class RowWriter implements AutoCloseable {
  private static final int BATCH = 1000;
  private static final int WAITING_BATCHES = 4;
  // markers, told apart by identity
  private static final List<ContactRows> END = new ArrayList<>(0);
  private static final List<ContactRows> STOP = new ArrayList<>(0);

  private final BlockingQueue<List<ContactRows>> batches =
      new ArrayBlockingQueue<>(WAITING_BATCHES);
  private final Thread thread;
  private List<ContactRows> filling = new ArrayList<>(BATCH);
  private volatile Exception failure;
  private boolean finished;

  RowWriter(Connection connection) {
    thread = new Thread(() -> insert(connection), "snapshot-rows");
    thread.setDaemon(true);
    thread.start();
  }

  void add(ContactRows rows) throws SQLException {
    filling.add(rows);
    if (filling.size() == BATCH) {
      hand(filling);
      filling = new ArrayList<>(BATCH);
    }
  }

  /** Waits until every row is in, and says if one could not be. */
  void finish() throws SQLException {
    hand(filling);
    hand(END);
    finished = true;
    join();
    rethrow();
  }

  /** Stops the writer if it did not finish (the load failed): its rows are thrown away. */
  @Override
  public void close() {
    if (!finished) {
      batches.clear();
      while (thread.isAlive() && !batches.offer(STOP)) {
        batches.clear();
      }
      join();
    }
  }

  private void hand(List<ContactRows> batch) throws SQLException {
    try {
      while (!batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        rethrow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while loading a snapshot", e);
    }
  }

  private void insert(Connection connection) {
    try (var inserts = new ContactRows.BatchInsert(connection)) {
      while (true) {
        List<ContactRows> batch = batches.take();
        if (batch == STOP) {
          return;
        }
        if (batch == END) {
          break;
        }
        for (ContactRows rows : batch) {
          inserts.add(rows);
        }
      }
    } catch (SQLException | RuntimeException e) {
      failure = e;
    } catch (InterruptedException e) {
      failure = e;
      Thread.currentThread().interrupt();
    }
  }

  private void join() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void rethrow() throws SQLException {
    Exception failed = failure;
    if (failed instanceof SQLException sql) {
      throw sql;
    }
    if (failed instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failed != null) {
      throw new StoreException("the snapshot's rows could not be written", failed);
    }
  }
}
