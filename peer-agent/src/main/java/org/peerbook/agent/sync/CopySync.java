package org.peerbook.agent.sync;

import java.util.ArrayList;
import java.util.List;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.VerificationException;

/**
 * Brings the local copy up to what one source holds. Everything the source sends is verified
 * against the data server's key before the copy changes, and the copy changes in one transaction
 * per signed head reached: bad data is refused whole, and the copy never goes back to a lower
 * version.
 */
public final class CopySync {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(CopySync.class.getName());
  private final LocalStore store;
  private final SyncVerifier verifier;
  private final String nodeId;
  private final String ownSyncAddress;

  public CopySync(LocalStore store, SyncVerifier verifier, String nodeId, String ownSyncAddress) {
    this.store = store;
    this.verifier = verifier;
    this.nodeId = nodeId;
    this.ownSyncAddress = ownSyncAddress;
  }

  /** How a sync with one source ended. */
  public enum Outcome {
    /** The copy is at the source's version (it may have moved). */
    SYNCED,
    /** The source is behind the copy: it was told to pull from us (F4). */
    SOURCE_BEHIND
  }

  public record Result(Outcome outcome, long version, int requests) {}

  public Result syncFrom(SyncSource source) {
    ChainPoint trusted = new ChainPoint(store.version(), store.headHash());
    ChainPoint reached = trusted;
    List<ChangeEntry> pending = new ArrayList<>();
    int requests = 0;
    while (true) {
      requests++;
      SyncAnswer answer =
          source.ask(
              new SyncRequest(
                  nodeId,
                  reached.version(),
                  reached.hash(),
                  SyncRequest.MAX_LIMIT,
                  ownSyncAddress));
      if (answer instanceof SyncAnswer.Equal equal) {
        verifier.verifyHead(equal.head());
        return new Result(Outcome.SYNCED, store.version(), requests);
      }
      if (answer instanceof SyncAnswer.RequesterNewer) {
        return new Result(Outcome.SOURCE_BEHIND, store.version(), requests);
      }
      if (answer instanceof SyncAnswer.Snapshot snapshot) {
        applySnapshot(snapshot);
        trusted = new ChainPoint(snapshot.head().version(), snapshot.head().hash());
        reached = trusted;
        pending.clear();
        continue;
      }
      SyncAnswer.Delta delta = (SyncAnswer.Delta) answer;
      reached = verifier.verifyChain(reached, delta.entries());
      pending.addAll(delta.entries());
      if (delta.complete()) {
        verifier.verifyDelta(trusted, pending, delta.head());
        store.applyDelta(pending, delta.head());
        return new Result(Outcome.SYNCED, delta.head().version(), requests);
      }
    }
  }

  private void applySnapshot(SyncAnswer.Snapshot snapshot) {
    SignedHead head = snapshot.head();
    if (head.version() < store.version()) {
      throw new VerificationException(
          VerificationException.Reason.ROLLBACK,
          "snapshot at " + head.version() + " is older than the copy's " + store.version());
    }
    SnapshotVerifier check = verifier.snapshot(head);
    snapshot.contacts().forEach(check::accept);
    check.finish();
    LOG.info(
        () ->
            "applying a snapshot of "
                + snapshot.contacts().size()
                + " contacts at "
                + head.version());
    store.replaceWithSnapshot(snapshot.contacts(), head);
  }
}
