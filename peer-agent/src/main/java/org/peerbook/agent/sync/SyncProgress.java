package org.peerbook.agent.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the running sync is, for {@code status} and the CLI's progress line: its source, its phase,
 * and how many contacts (of a snapshot) or entries (of a delta) it has taken in. Written by the one
 * sync thread, read by any.
 */
public final class SyncProgress {
  /** What the sync is doing. */
  public enum Phase {
    /** Asking the source: nothing received yet. */
    CONNECTING,
    /** A snapshot streams in: each contact is verified and written as it comes. */
    SNAPSHOT,
    /** Delta pages come in and are verified. */
    DELTA,
    /**
     * Everything arrived: the copy commits it (a delta is applied, a snapshot's digest checked).
     */
    COMMITTING
  }

  /**
   * One reading.
   *
   * @param done contacts of the snapshot, or entries of the delta, taken in so far
   * @param toVersion the version the snapshot or the delta brings; 0 while not known yet
   */
  public record Now(
      String source, Phase phase, long done, long toVersion, Instant since, Duration running) {}

  private final Clock clock;
  private volatile String source;
  private volatile Phase phase;
  private volatile long toVersion;
  private volatile Instant since;
  private volatile Thread thread;
  private final AtomicLong done = new AtomicLong();

  public SyncProgress(Clock clock) {
    this.clock = clock;
  }

  /** The running sync, if one runs. */
  public Optional<Now> now() {
    String from = source;
    Instant started = since;
    if (from == null || started == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Now(
            from,
            phase,
            done.get(),
            toVersion,
            started,
            Duration.between(started, clock.instant())));
  }

  /** The thread the running sync runs on, if one runs. */
  Optional<Thread> thread() {
    return source == null ? Optional.empty() : Optional.ofNullable(thread);
  }

  void started(String from) {
    thread = Thread.currentThread();
    phase = Phase.CONNECTING;
    done.set(0);
    toVersion = 0;
    since = clock.instant();
    source = from;
  }

  void receiving(Phase receiving, long version) {
    if (phase != receiving) {
      done.set(0);
    }
    toVersion = version;
    phase = receiving;
  }

  void took(long count) {
    done.addAndGet(count);
  }

  void committing() {
    phase = Phase.COMMITTING;
  }

  void finished() {
    source = null;
    since = null;
  }
}
