package org.peerbook.agent.sync;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.peerbook.agent.store.LocalStore;

/**
 * What the agent does after its copy could not be written (a full disk): it says so once per
 * problem, and fetches nothing for a while, 10 s doubling to 10 minutes between tries, since each
 * fetch that cannot be written costs a source (often the data server) a whole delta or snapshot
 * again; the copy keeps answering lookups and peers at its last version meanwhile. Before each
 * fetch the copy is asked whether it can be written ({@link LocalStore#writable}), which is a local
 * check.
 */
final class CopyWriteBackoff {
  private static final Logger LOG = Logger.getLogger(CopyWriteBackoff.class.getName());
  static final long FIRST_MILLIS = 10_000;
  static final long LONGEST_MILLIS = 600_000;

  private final LocalStore store;
  private final LongSupplier nanoTime;
  private int failures;
  private long fetchAt;
  private String said = "";

  CopyWriteBackoff(LocalStore store, LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
  }

  /**
   * Whether an opportunistic fetch (F4: from a requester ahead) may run, without waiting for the
   * copy: not while a write failed lately.
   */
  synchronized boolean untroubled() {
    return failures == 0 && store.problem().isEmpty();
  }

  /** How long until a sync may fetch; 0: now. */
  synchronized long millisUntilFetch() {
    if (failures > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(fetchAt - nanoTime.getAsLong());
      if (left > 0) {
        return left;
      }
    }
    if (!store.writable()) {
      say(store.problem());
      return FIRST_MILLIS;
    }
    return 0;
  }

  /**
   * After a sync that fetched: how long the next one must wait because the copy could not take what
   * came; 0 if it took everything.
   */
  synchronized long afterSync() {
    String problem = store.problem();
    if (problem.isEmpty()) {
      if (failures > 0) {
        LOG.info(() -> "the copy takes changes again: at version " + store.version());
      }
      failures = 0;
      said = "";
      return 0;
    }
    long wait = Math.min(LONGEST_MILLIS, FIRST_MILLIS << Math.min(failures, 6));
    failures++;
    fetchAt = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(wait);
    say(problem);
    return wait;
  }

  private void say(String problem) {
    if (!problem.equals(said)) {
      said = problem;
      LOG.warning(
          () ->
              problem
                  + " (in "
                  + store.dataDir()
                  + "); the copy stays at version "
                  + store.version()
                  + " and answers lookups and peers from it; fetching again in 10 s, waiting"
                  + " twice as long after each failure, up to 10 minutes");
    }
  }
}
