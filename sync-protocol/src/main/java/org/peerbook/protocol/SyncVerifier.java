package org.peerbook.protocol;

import static org.peerbook.protocol.VerificationException.Reason.BAD_SIGNATURE;
import static org.peerbook.protocol.VerificationException.Reason.BROKEN_CHAIN;
import static org.peerbook.protocol.VerificationException.Reason.HEAD_MISMATCH;
import static org.peerbook.protocol.VerificationException.Reason.ROLLBACK;
import static org.peerbook.protocol.VerificationException.Reason.TAMPERED_ENTRY;
import static org.peerbook.protocol.VerificationException.Reason.VERSION_GAP;

import java.security.PublicKey;
import java.util.List;

/**
 * Checks what a source sent against the data server's public key before anything is applied.
 * Thread-safe.
 */
public final class SyncVerifier {
  private final PublicKey trustedKey;

  public SyncVerifier(PublicKey trustedKey) {
    this.trustedKey = trustedKey;
  }

  /** A point of the chain that the receiver already trusts: its own version and head hash. */
  public record ChainPoint(long version, String hash) {
    public static final ChainPoint EMPTY_BOOK = new ChainPoint(0, Hashes.ZERO);
  }

  public void verifyHead(SignedHead head) {
    if (!HeadSignatures.isSignedBy(trustedKey, head)) {
      throw new VerificationException(
          BAD_SIGNATURE, "head " + head.version() + " is not signed by the data server");
    }
  }

  /**
   * Checks that {@code entries} continue the chain from {@code base} without gap, each with its
   * true hash. The result is not yet trustworthy: it is only once it reaches a signed head.
   *
   * @return the point the entries reach
   */
  public ChainPoint verifyChain(ChainPoint base, List<ChangeEntry> entries) {
    ChainPoint reached = base;
    for (ChangeEntry entry : entries) {
      if (entry.version() != reached.version() + 1) {
        throw new VerificationException(
            VERSION_GAP, "entry " + entry.version() + " follows " + reached.version());
      }
      if (!reached.hash().equals(entry.previousHash())) {
        throw new VerificationException(
            BROKEN_CHAIN, "entry " + entry.version() + " does not continue the chain");
      }
      if (!HashChain.hashOf(reached.hash(), entry).equals(entry.hash())) {
        throw new VerificationException(
            TAMPERED_ENTRY, "entry " + entry.version() + " does not match its hash");
      }
      reached = new ChainPoint(entry.version(), entry.hash());
    }
    return reached;
  }

  /**
   * Checks a complete delta: the entries chain from {@code base} to exactly the signed {@code
   * head}, and the data server signed that head.
   */
  public void verifyDelta(ChainPoint base, List<ChangeEntry> entries, SignedHead head) {
    if (head.version() < base.version()) {
      throw new VerificationException(
          ROLLBACK, "head " + head.version() + " is older than our " + base.version());
    }
    verifyHead(head);
    ChainPoint reached = verifyChain(base, entries);
    if (reached.version() != head.version() || !reached.hash().equals(head.hash())) {
      throw new VerificationException(
          HEAD_MISMATCH,
          "entries end at " + reached.version() + ", the signed head is " + head.version());
    }
  }

  /** Starts checking a snapshot that claims to be the book at {@code head}. */
  public SnapshotVerifier snapshot(SignedHead head) {
    verifyHead(head);
    return new SnapshotVerifier(head);
  }
}
