package org.peerbook.book.control;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Requests waiting for the book to move past a version: change-feed followers, held heartbeats. A
 * waiter holds no thread: it is a callback, run once on the executor when a head past it is {@link
 * #advanced}, or when its time is up, whichever comes first. The owner bounds how many wait at
 * once; a key (a node id) holds at most one waiter, so one client cannot hold many.
 */
public final class HeadWaiters {
  private final ScheduledExecutorService executor;
  private final int maxWaiters;

  /** The highest version advanced to; -1 before the first since start. */
  private final AtomicLong advancedHead = new AtomicLong(-1);

  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
  private final Map<String, Waiter> byKey = new ConcurrentHashMap<>();

  /**
   * @param executor where callbacks and timeouts run: never the committing thread
   * @param maxWaiters how many may wait at once
   */
  public HeadWaiters(ScheduledExecutorService executor, int maxWaiters) {
    this.executor = executor;
    this.maxWaiters = maxWaiters;
  }

  /**
   * Runs {@code then} once, on a pool thread, as soon as a head past {@code since} is advanced to,
   * or after {@code timeout}; at once on the caller's thread if one was already. {@code then} is
   * given the highest head advanced to so far (-1 if none since start). A waiter of the same key
   * that still waits is run at once: the newer request takes its place.
   *
   * @param key who waits, or {@code null} for a waiter that shares its place with nobody
   * @return false, running nothing, when {@code maxWaiters} already wait
   */
  public boolean await(String key, long since, Duration timeout, LongConsumer then) {
    if (waiting.size() >= maxWaiters) {
      return false;
    }
    Waiter waiter = new Waiter(key, since, then);
    waiting.add(waiter);
    if (key != null) {
      Waiter earlier = byKey.put(key, waiter);
      if (earlier != null) {
        run(earlier);
      }
    }
    waiter.timeout =
        executor.schedule(() -> run(waiter), timeout.toMillis(), TimeUnit.MILLISECONDS);
    // an advance between the caller's read and the add above found no waiter: look once more
    if (advancedHead.get() > since) {
      run(waiter);
    }
    return true;
  }

  /** How many wait now. */
  public int waiting() {
    return waiting.size();
  }

  /** The head moved to {@code version}: wakes every waiter behind it, on the executor. */
  public void advanced(long version) {
    advancedHead.accumulateAndGet(version, Math::max);
    for (Waiter waiter : waiting) {
      if (waiter.since < version) {
        // never on the writer's thread: the callback reads the log or the lease and answers
        executor.execute(() -> run(waiter));
      }
    }
  }

  private void run(Waiter waiter) {
    if (waiting.remove(waiter)) {
      if (waiter.key != null) {
        byKey.remove(waiter.key, waiter);
      }
      Future<?> timeout = waiter.timeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
      waiter.then.accept(advancedHead.get());
    }
  }

  private static final class Waiter {
    final String key;
    final long since;
    final LongConsumer then;
    volatile Future<?> timeout;

    Waiter(String key, long since, LongConsumer then) {
      this.key = key;
      this.since = since;
      this.then = then;
    }
  }
}
