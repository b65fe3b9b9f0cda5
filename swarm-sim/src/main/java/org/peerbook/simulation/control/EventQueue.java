package org.peerbook.simulation.control;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * The simulated clock: actions run in time order, ties in the order they were scheduled, so a run
 * with a given seed always takes the same course. Time is in microseconds since the change was
 * committed. It is the registry's clock too.
 */
public final class EventQueue extends Clock {
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long now;
  private long scheduled;

  private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  public long now() {
    return now;
  }

  /** The simulated time as the registry code expects it. */
  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(now / 1_000_000, now % 1_000_000 * 1000);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock has one zone, UTC");
  }

  public void after(long delayMicros, Runnable action) {
    events.add(new Event(now + Math.max(0, delayMicros), scheduled++, action));
  }

  /** Runs the next action; false when there is none or it lies beyond {@code limitMicros}. */
  public boolean runNext(long limitMicros) {
    Event next = events.peek();
    if (next == null || next.at() > limitMicros) {
      return false;
    }
    events.poll();
    now = next.at();
    next.action().run();
    return true;
  }
}
