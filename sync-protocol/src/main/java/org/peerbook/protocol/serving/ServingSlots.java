package org.peerbook.protocol.serving;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requesters a source serves at once, and what serving them cost. A slot is taken only
 * after the request's token was checked (so bad tokens cannot crowd out good ones) and given back
 * once the answer is written or failed.
 */
public final class ServingSlots {
  private final int max;
  private final Semaphore free;
  private final LongAdder served = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final AtomicInteger peak = new AtomicInteger();

  public ServingSlots(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one serving slot, not " + max);
    }
    this.max = max;
    this.free = new Semaphore(max);
  }

  /** As many slots as the container's own threads allow: the data server's case. */
  public static ServingSlots unlimited() {
    return new ServingSlots(Integer.MAX_VALUE);
  }

  /**
   * What serving cost so far: requests answered, the most at once, and the sum of their durations.
   * The busy time over a period divided by its length is the mean number served at once.
   */
  public record Served(long requests, int peak, double busySeconds) {}

  /**
   * Takes a slot, or refuses.
   *
   * @return gives the slot back, once
   * @throws RefusedException 503 with {@code Retry-After: 2} when all slots are taken
   */
  Runnable take() {
    if (!free.tryAcquire()) {
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
      }
    };
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
