package org.peerbook.limits.boundary;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * When to say a run of like events in the log: at the first, then at most once a minute, with how
 * many there were since the last line. A flood of them (a client's, or a stalled database's) must
 * not flood the log as well.
 */
public final class OncePerMinute {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong unsaid = new AtomicLong();
  private final AtomicLong nextSaid = new AtomicLong(Long.MIN_VALUE);
  private final LongSupplier nanoTime;

  public OncePerMinute(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Counts one event and, if a line is due, warns on {@code log}: how many there were since the
   * last line, then {@code what} (which says what they were, and that it is said once a minute).
   */
  public void warn(Logger log, Supplier<String> what) {
    long said = count();
    if (said > 0) {
      log.warning(() -> said + " " + what.get());
    }
  }

  /**
   * Counts one event.
   *
   * @return how many events since the last line, this one included, if a line is due now; else 0
   */
  public long count() {
    unsaid.incrementAndGet();
    long now = nanoTime.getAsLong();
    long next = nextSaid.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && nextSaid.compareAndSet(next, now + MINUTE)) {
      return unsaid.getAndSet(0);
    }
    return 0;
  }
}
