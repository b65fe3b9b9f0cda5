package org.peerbook.protocol.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requesters a source serves at once, and what serving them cost. A slot is taken only
 * after the request's token was checked (so bad tokens cannot crowd out good ones) and given back
 * once the answer is written or failed.
 *
 * <p>One node takes at most {@code perRequester} slots at once: a node syncs one answer at a time,
 * and one that asks for many at once (each taken slowly) would otherwise hold every slot of the
 * source, or every request thread of the data server, and starve the other nodes.
 */
public final class ServingSlots {
  /** Answers one node is served at once unless a source says otherwise. */
  public static final int DEFAULT_PER_REQUESTER = 2;

  private final int max;
  private final int perRequester;
  private final ConcurrentHashMap<String, Integer> byRequester = new ConcurrentHashMap<>();
  private final Semaphore free;
  private final LongAdder served = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final AtomicInteger peak = new AtomicInteger();

  public ServingSlots(int max) {
    this(max, DEFAULT_PER_REQUESTER);
  }

  /**
   * @param max requesters served at once
   * @param perRequester answers one node is served at once
   */
  public ServingSlots(int max, int perRequester) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one serving slot, not " + max);
    }
    if (perRequester < 1) {
      throw new IllegalArgumentException("at least one answer per node, not " + perRequester);
    }
    this.max = max;
    this.perRequester = perRequester;
    this.free = new Semaphore(max);
  }

  /**
   * As many slots as the container's own threads allow, {@code perRequester} to a node: the data
   * server's case.
   */
  public static ServingSlots unlimited(int perRequester) {
    return new ServingSlots(Integer.MAX_VALUE, perRequester);
  }

  /**
   * What serving cost so far: requests answered, the most at once, and the sum of their durations.
   * The busy time over a period divided by its length is the mean number served at once.
   */
  public record Served(long requests, int peak, double busySeconds) {}

  /**
   * Takes a slot for a node whose token was checked, or refuses.
   *
   * @return gives the slot back, once
   * @throws RefusedException 429 with {@code Retry-After: 1} when the node is served {@code
   *     perRequester} answers already; 503 with {@code Retry-After: 2} when all slots are taken
   */
  Runnable take(String requester) {
    boolean[] admitted = {false};
    byRequester.compute(
        requester,
        (node, serving) -> {
          int now = serving == null ? 0 : serving;
          if (now >= perRequester) {
            return serving;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      throw new RefusedException(
          429,
          "Too many answers at once",
          "node " + requester + " is being served " + perRequester + " answers already",
          1);
    }
    if (!free.tryAcquire()) {
      giveBack(requester);
      throw RefusedException.busy("serving " + max + " requesters already", 2);
    }
    peak.accumulateAndGet(inUse(), Math::max);
    long started = System.nanoTime();
    AtomicInteger once = new AtomicInteger();
    return () -> {
      if (once.getAndIncrement() == 0) {
        busyNanos.add(System.nanoTime() - started);
        served.increment();
        free.release();
        giveBack(requester);
      }
    };
  }

  private void giveBack(String requester) {
    byRequester.computeIfPresent(requester, (node, serving) -> serving <= 1 ? null : serving - 1);
  }

  /** The most requesters served at once. */
  public int max() {
    return max;
  }

  /** How many requesters are being served right now: the load a node reports. */
  public int inUse() {
    return max - free.availablePermits();
  }

  public Served served() {
    return new Served(served.sum(), peak.get(), busyNanos.sum() / 1e9);
  }
}
