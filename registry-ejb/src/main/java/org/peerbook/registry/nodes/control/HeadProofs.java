package org.peerbook.registry.nodes.control;

import java.security.PublicKey;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;

/**
 * Turns a node's claimed version into the version the registry counts it at. A claim counts only
 * with the data server's signature over that head; a claim without one is capped at what the node
 * proved before, and nothing counts above the head the registry knows.
 *
 * <p>An Ed25519 verification costs about half a millisecond, and every node heartbeats the same few
 * heads: each distinct head (version, hash, state digest and signature together) is verified once
 * and its verdict, good or bad, remembered, so that a flood of one bad head costs one verification.
 * The memory is bounded: past {@code capacity} heads, some are forgotten (and verified again if
 * they come back).
 */
public final class HeadProofs {
  private final PublicKey bookKey;
  private final int capacity;
  private final ConcurrentMap<SignedHead, Boolean> verdicts = new ConcurrentHashMap<>();
  private final LongAdder verifications = new LongAdder();

  public HeadProofs(PublicKey bookKey, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the proof cache needs room for at least one head");
    }
    this.bookKey = bookKey;
    this.capacity = capacity;
  }

  /**
   * Whether {@code head} proves the claim of {@code claimed}; {@code false} without a head (the
   * claim is then capped by {@link #counted}). Version 0, the empty copy, needs no proof.
   *
   * @throws InvalidNodeException if the head does not match the claim or is not the data server's
   */
  public boolean proves(long claimed, SignedHead head) {
    if (head == null) {
      return false;
    }
    if (head.version() != claimed) {
      throw new InvalidNodeException(
          "head", "is of version " + head.version() + " but the claim is version " + claimed);
    }
    if (claimed == 0) {
      return true;
    }
    if (!isSigned(head)) {
      throw new InvalidNodeException(
          "head", "is not signed by the data server's book key: the claim is refused");
    }
    return true;
  }

  /**
   * The version a claim counts at: a proven claim as it is, an unproven one at most the version the
   * node was counted at before (0 for a new node); neither above the head the registry knows.
   */
  public static long counted(long claimed, boolean proven, long lastCounted, long knownHead) {
    long bound = proven ? claimed : Math.min(claimed, lastCounted);
    return Math.min(bound, knownHead);
  }

  /** Whether the data server signed {@code head}, verified at most once per distinct head. */
  public boolean isSigned(SignedHead head) {
    Boolean known = verdicts.get(head);
    if (known != null) {
      return known;
    }
    if (verdicts.size() >= capacity) {
      forgetSome();
    }
    // computeIfAbsent: concurrent requests with the same new head wait for one verification
    return verdicts.computeIfAbsent(
        head,
        h -> {
          verifications.increment();
          return HeadSignatures.isSignedBy(bookKey, h);
        });
  }

  /** How many signatures were really verified (not answered from memory). */
  public long verifications() {
    return verifications.sum();
  }

  private void forgetSome() {
    // a quarter at a time, in no particular order: cheaper than an LRU under a lock, and a head
    // forgotten by mistake costs one more verification
    Iterator<SignedHead> heads = verdicts.keySet().iterator();
    for (int i = 0; i < Math.max(1, capacity / 4) && heads.hasNext(); i++) {
      heads.next();
      heads.remove();
    }
  }
}
