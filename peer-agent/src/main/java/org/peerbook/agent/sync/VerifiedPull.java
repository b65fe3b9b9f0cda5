package org.peerbook.agent.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.VerificationException;

/**
 * Pulls the whole book from one source into memory, verifying everything against the data server's
 * key before it counts: a snapshot against its signed state digest, every delta page against the
 * chain, the final book against the signed head's state digest.
 */
public final class VerifiedPull {
  private final SyncVerifier verifier;
  private final String nodeId;

  public VerifiedPull(SyncVerifier verifier, String nodeId) {
    this.verifier = verifier;
    this.nodeId = nodeId;
  }

  /** The book as pulled: every contact by id, at the signed head. */
  public record Book(SignedHead head, Map<String, ContactDto> contacts, int requests) {}

  public Book pull(SyncSource source) {
    Map<String, ContactDto> contacts = new HashMap<>();
    ChainPoint reached = ChainPoint.EMPTY_BOOK;
    List<ChangeEntry> pending = new ArrayList<>();
    ChainPoint trusted = reached;
    int requests = 0;
    while (true) {
      requests++;
      SyncAnswer answer =
          source.ask(
              new SyncRequest(nodeId, reached.version(), reached.hash(), SyncRequest.MAX_LIMIT));
      if (answer instanceof SyncAnswer.Snapshot snapshot) {
        SnapshotVerifier check = verifier.snapshot(snapshot.head());
        snapshot.contacts().forEach(check::accept);
        check.finish();
        contacts.clear();
        snapshot.contacts().forEach(c -> contacts.put(c.id(), c));
        pending.clear();
        reached = new ChainPoint(snapshot.head().version(), snapshot.head().hash());
        trusted = reached;
      } else if (answer instanceof SyncAnswer.Delta delta) {
        reached = verifier.verifyChain(reached, delta.entries());
        pending.addAll(delta.entries());
        if (delta.complete()) {
          verifier.verifyDelta(trusted, pending, delta.head());
          pending.forEach(entry -> apply(entry, contacts));
          pending.clear();
          trusted = reached;
          requireState(contacts, delta.head());
          return new Book(delta.head(), contacts, requests);
        }
      } else if (answer instanceof SyncAnswer.Equal equal) {
        verifier.verifyHead(equal.head());
        requireState(contacts, equal.head());
        return new Book(equal.head(), contacts, requests);
      } else {
        throw new VerificationException(
            VerificationException.Reason.ROLLBACK,
            source.describe() + " claims to be behind an empty book");
      }
    }
  }

  private static void apply(ChangeEntry entry, Map<String, ContactDto> contacts) {
    if (entry.operation() == Operation.DELETE) {
      contacts.remove(entry.contactId());
    } else {
      contacts.put(entry.contactId(), entry.contact());
    }
  }

  private static void requireState(Map<String, ContactDto> contacts, SignedHead head) {
    StateDigest digest = StateDigest.empty();
    contacts.values().forEach(digest::add);
    if (!digest.digest().equals(head.stateDigest())) {
      throw new VerificationException(
          VerificationException.Reason.STATE_MISMATCH,
          "the pulled book differs from the signed book at version " + head.version());
    }
  }
}
