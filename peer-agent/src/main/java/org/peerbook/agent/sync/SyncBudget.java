package org.peerbook.agent.sync;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SourceFault;

/**
 * What is left of one sync's {@link SyncLimits}: every request, every byte read and every wait for
 * the source is charged here. Only waiting counts against the deadline, not the time the agent
 * spends verifying and applying what arrived: a slow disk must not make an honest source look like
 * a staller. Used by the one thread that runs the sync.
 */
public final class SyncBudget {
  // a wait cut at a bound ends a little past it, so that the bound has passed when asked again
  private static final long MIN_WAIT_NANOS = 1_000_000;
  private final SyncLimits limits;
  private long waitedNanos;
  private int requests;
  private long received;
  private long decoded;
  private long held;
  private boolean streaming;

  private final LongConsumer receivedListener;
  // the waiting time when the source's first bytes came; -1 before
  private long waitedAtFirstBytes = -1;
  private SlowSource slowRule = SlowSource.NEVER;
  private Runnable onSlow = () -> {};
  private BooleanSupplier overtaken = () -> false;

  public SyncBudget(SyncLimits limits) {
    this(limits, bytes -> {});
  }

  /**
   * @param receivedListener hears of the bytes as they come over the wire
   */
  public SyncBudget(SyncLimits limits, LongConsumer receivedListener) {
    this.limits = limits;
    this.receivedListener = receivedListener;
  }

  /**
   * Tells {@code onSlow}, once, on the sync's thread, when the source's bytes have flowed slower
   * than {@code rule} while an answer is held to be verified whole (a delta page; not a snapshot's
   * stream, which loads into the one file a snapshot loads into).
   */
  public void watchSpeed(SlowSource rule, Runnable onSlow) {
    this.slowRule = rule;
    this.onSlow = onSlow;
  }

  /**
   * Ends the sync with a {@link CopyOvertakenException} at the next wait once {@code overtaken}
   * says another sync moved the copy: what this one verified no longer starts where the copy is.
   */
  public void stopWhen(BooleanSupplier overtaken) {
    this.overtaken = overtaken;
  }

  /** Counts one more request to the source. */
  public void chargeRequest() {
    checkOvertaken();
    if (++requests > limits.maxRequests()) {
      throw new SourceFailedException(
          SourceFault.OVERSIZED, "needed more than " + limits.maxRequests() + " requests");
    }
    requireTimeLeft();
  }

  /** Counts bytes as they came over the wire. */
  public void chargeReceived(long bytes) {
    if (waitedAtFirstBytes < 0 && bytes > 0) {
      waitedAtFirstBytes = waitedNanos;
    }
    received += bytes;
    receivedListener.accept(bytes);
    if (received > limits.maxReceivedBytes()) {
      throw new SourceFailedException(
          SourceFault.OVERSIZED, "sent more than " + limits.maxReceivedBytes() + " bytes");
    }
  }

  /** An answer begins: until it streams a snapshot, what it sends is held in memory whole. */
  public void startAnswer() {
    held = 0;
    streaming = false;
  }

  /** The answer streams a snapshot's contacts from here on: they are not held together. */
  public void streaming() {
    streaming = true;
  }

  /** Counts bytes of the answer after gunzip. */
  public void chargeDecoded(long bytes) {
    decoded += bytes;
    if (decoded > limits.maxDecodedBytes()) {
      throw new SourceFailedException(
          SourceFault.OVERSIZED,
          "sent more than " + limits.maxDecodedBytes() + " bytes of JSON (after gunzip)");
    }
    if (!streaming) {
      held += bytes;
      if (held > limits.maxPageBytes()) {
        throw new SourceFailedException(
            SourceFault.OVERSIZED,
            "sent an answer of more than " + limits.maxPageBytes() + " bytes to hold whole");
      }
    }
  }

  /** Counts time spent waiting for the source: to connect, for an answer, for its bytes. */
  public void chargeWait(long nanos) {
    waitedNanos += nanos;
  }

  /**
   * The waiting time left, never zero or less.
   *
   * @throws SourceFailedException {@link SourceFault#TIMEOUT} once it is spent
   */
  public Duration timeLeft() {
    long left = limits.deadline().toNanos() - waitedNanos;
    if (left <= 0) {
      throw timedOut();
    }
    long beyondGrace = waitedNanos - limits.answerTimeout().toNanos();
    if (beyondGrace > 0 && received * 1e9 < limits.minBytesPerSecond() * (double) waitedNanos) {
      throw new SourceFailedException(
          SourceFault.TIMEOUT,
          "sent "
              + received
              + " bytes in "
              + waitedNanos / 1_000_000
              + " ms of waiting: slower than "
              + limits.minBytesPerSecond()
              + " bytes/s");
    }
    return Duration.ofNanos(left);
  }

  /**
   * How long the next wait for the source's bytes may last: until the deadline, or until the source
   * falls below the minimum rate if nothing more comes, or until it is judged slow; the wait is cut
   * there and this is asked again, so a source that stops sending is cut when its rate says so, not
   * only at the deadline. Never zero or less.
   *
   * @throws SourceFailedException {@link SourceFault#TIMEOUT} once the time or the rate is spent
   * @throws CopyOvertakenException once another sync moved the copy
   */
  public Duration nextWait() {
    checkOvertaken();
    long bound = timeLeft().toNanos();
    if (limits.minBytesPerSecond() > 0) {
      double tooSlowAt =
          Math.max(limits.answerTimeout().toNanos(), received * 1e9 / limits.minBytesPerSecond());
      bound = Math.min(bound, untilNanos(tooSlowAt));
    }
    if (slowRule.leaves() && waitedAtFirstBytes >= 0 && !streaming) {
      long flowing = waitedNanos - waitedAtFirstBytes;
      if (slowRule.isSlow(received, flowing)) {
        Runnable tell = onSlow;
        slowRule = SlowSource.NEVER;
        tell.run();
      } else {
        bound =
            Math.min(
                bound, untilNanos((double) waitedAtFirstBytes + slowRule.slowFromNanos(received)));
      }
    }
    return Duration.ofNanos(Math.max(bound, MIN_WAIT_NANOS));
  }

  /** Waiting time left until the waiting time reaches {@code nanos}, a little past it. */
  private long untilNanos(double nanos) {
    double left = nanos - waitedNanos + MIN_WAIT_NANOS;
    return left >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) left;
  }

  private void checkOvertaken() {
    if (overtaken.getAsBoolean()) {
      throw new CopyOvertakenException();
    }
  }

  /** How long to wait for the next answer to start: the answer timeout, within the time left. */
  public Duration answerTimeLeft() {
    Duration left = timeLeft();
    return left.compareTo(limits.answerTimeout()) < 0 ? left : limits.answerTimeout();
  }

  public void requireTimeLeft() {
    timeLeft();
  }

  public SourceFailedException timedOut() {
    return new SourceFailedException(
        SourceFault.TIMEOUT,
        "kept the sync waiting for more than " + limits.deadline().toMillis() + " ms");
  }

  /** The source did not start an answer within {@link #answerTimeLeft()}. */
  public SourceFailedException answerTimedOut(Duration waited) {
    return new SourceFailedException(
        SourceFault.TIMEOUT, "did not start an answer within " + waited.toMillis() + " ms");
  }

  public int requests() {
    return requests;
  }
}
