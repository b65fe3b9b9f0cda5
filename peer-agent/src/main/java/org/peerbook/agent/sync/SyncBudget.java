package org.peerbook.agent.sync;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.peerbook.protocol.SourceFault;

/**
 * What is left of one sync's {@link SyncLimits}: every request, every byte read and every wait for
 * the source is charged here. Only waiting counts against the deadline, not the time the agent
 * spends verifying and applying what arrived: a slow disk must not make an honest source look like
 * a staller. Used by the one thread that runs the sync.
 */
public final class SyncBudget {
  private final SyncLimits limits;
  private long waitedNanos;
  private int requests;
  private long received;
  private long decoded;
  private long held;
  private boolean streaming;

  private final LongConsumer receivedListener;

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

  /** Counts one more request to the source. */
  public void chargeRequest() {
    if (++requests > limits.maxRequests()) {
      throw new SourceFailedException(
          SourceFault.OVERSIZED, "needed more than " + limits.maxRequests() + " requests");
    }
    requireTimeLeft();
  }

  /** Counts bytes as they came over the wire. */
  public void chargeReceived(long bytes) {
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
