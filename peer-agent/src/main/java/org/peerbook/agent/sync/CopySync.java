package org.peerbook.agent.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.peerbook.agent.store.CopyMovedException;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.VerificationException;

/**
 * Brings the local copy up to what one source holds. Everything the source sends is verified
 * against the data server's key before the copy changes, and the copy changes in one transaction
 * per signed head reached: bad data is refused whole, and the copy never goes back to a lower
 * version. A snapshot streams from the wire into that transaction and is verified on the way; the
 * transaction commits only if the whole snapshot was the signed book.
 */
public final class CopySync {
  private static final Logger LOG = Logger.getLogger(CopySync.class.getName());
  private final LocalStore store;
  private final SyncVerifier verifier;
  private final String nodeId;
  private final String ownSyncAddress;
  private final SyncLimits limits;
  private volatile boolean movedTheCopy;

  public CopySync(
      LocalStore store,
      SyncVerifier verifier,
      String nodeId,
      String ownSyncAddress,
      SyncLimits limits) {
    this.store = store;
    this.verifier = verifier;
    this.nodeId = nodeId;
    this.ownSyncAddress = ownSyncAddress;
    this.limits = limits;
  }

  /**
   * Whether this sync committed a change of the copy (also when it failed afterwards): who sees the
   * copy's new version may name this source as where it came from.
   */
  public boolean movedTheCopy() {
    return movedTheCopy;
  }

  /** How a sync with one source ended. */
  public enum Outcome {
    /** The copy is at the source's version (it may have moved). */
    SYNCED,
    /** The source is behind the copy: it was told to pull from us (F4). */
    SOURCE_BEHIND
  }

  public record Result(Outcome outcome, long version, int requests) {}

  /**
   * Syncs within this sync's {@link SyncLimits}. Every answer that does not end the sync must move
   * what was reached: a source that answers without progress (an empty page that is not the last,
   * the snapshot the copy holds already) would otherwise be asked again for ever.
   *
   * @throws SourceFailedException when the source fails, stalls, makes no progress or needs more
   *     than the limits allow
   * @throws org.peerbook.protocol.VerificationException when what it sent is not the signed book
   * @throws org.peerbook.protocol.MalformedMessageException when what it sent is not the protocol
   */
  public Result syncFrom(SyncSource source) {
    return syncFrom(source, bytes -> {});
  }

  /**
   * As {@link #syncFrom(SyncSource)}, telling {@code received} of the bytes as they come over the
   * wire (those of a sync that fails too).
   */
  public Result syncFrom(SyncSource source, LongConsumer received) {
    return syncFrom(source, received, null);
  }

  /** As {@link #syncFrom(SyncSource, LongConsumer)}, telling {@code progress} how far it got. */
  public Result syncFrom(SyncSource source, LongConsumer received, SyncProgress progress) {
    return syncFrom(source, received, progress, SlowSource.NEVER, () -> {});
  }

  /**
   * As {@link #syncFrom(SyncSource, LongConsumer, SyncProgress)}, telling {@code onSlow} (once, on
   * this thread) when the source's bytes flow slower than {@code slow}; the sync goes on.
   *
   * @throws CopyOvertakenException when another sync moved the copy while this one ran
   */
  public Result syncFrom(
      SyncSource source,
      LongConsumer received,
      SyncProgress progress,
      SlowSource slow,
      Runnable onSlow) {
    SyncBudget budget = new SyncBudget(limits, received);
    budget.watchSpeed(slow, onSlow);
    Session session =
        new Session(budget, progress == null ? new SyncProgress(Clock.systemUTC()) : progress);
    // what the session verified and holds unapplied starts at the version it trusts
    budget.stopWhen(() -> store.version() != session.trusted.version());
    while (true) {
      budget.chargeRequest();
      long before = session.reached.version();
      Optional<Outcome> outcome = source.ask(session.nextRequest(), budget, session);
      if (outcome.isPresent()) {
        return new Result(outcome.get(), store.version(), budget.requests());
      }
      if (session.reached.version() <= before) {
        throw new SourceFailedException(
            SourceFault.NO_PROGRESS, "answered without moving past version " + before);
      }
    }
  }

  /** One sync with one source: what is trusted, what is reached, and what waits to be applied. */
  private final class Session implements AnswerHandler<Optional<Outcome>> {
    private final SyncBudget budget;
    private ChainPoint trusted = new ChainPoint(store.version(), store.headHash());
    private ChainPoint reached = trusted;
    private final List<ChangeEntry> pending = new ArrayList<>();
    private final SyncProgress progress;

    Session(SyncBudget budget, SyncProgress progress) {
      this.budget = budget;
      this.progress = progress;
    }

    SyncRequest nextRequest() {
      return new SyncRequest(
          nodeId, reached.version(), reached.hash(), SyncRequest.MAX_LIMIT, ownSyncAddress);
    }

    @Override
    public Optional<Outcome> answer(SyncAnswer answer) {
      if (answer instanceof SyncAnswer.Equal equal) {
        verifier.verifyHead(equal.head());
        return Optional.of(Outcome.SYNCED);
      }
      if (answer instanceof SyncAnswer.RequesterNewer) {
        return Optional.of(Outcome.SOURCE_BEHIND);
      }
      if (answer instanceof SyncAnswer.Snapshot snapshot) {
        return snapshot(snapshot.head(), snapshot.contacts().iterator());
      }
      SyncAnswer.Delta delta = (SyncAnswer.Delta) answer;
      progress.receiving(SyncProgress.Phase.DELTA, delta.head().version());
      reached = verifier.verifyChain(reached, delta.entries());
      pending.addAll(delta.entries());
      progress.took(delta.entries().size());
      if (!delta.complete()) {
        return Optional.empty();
      }
      verifier.verifyDelta(trusted, pending, delta.head());
      progress.committing();
      try {
        store.applyDelta(pending, delta.head());
      } catch (CopyMovedException e) {
        throw new CopyOvertakenException();
      }
      movedTheCopy = true;
      return Optional.of(Outcome.SYNCED);
    }

    @Override
    public Optional<Outcome> snapshot(SignedHead head, Iterator<ContactDto> contacts) {
      budget.streaming();
      if (head.version() < store.version()) {
        throw new VerificationException(
            VerificationException.Reason.ROLLBACK,
            "snapshot at " + head.version() + " is older than the copy's " + store.version());
      }
      if (head.version() <= reached.version()) {
        // nothing new: applying it would only rewrite the copy, and asking again would get the
        // same snapshot (a source's stale cached snapshot)
        throw new SourceFailedException(
            SourceFault.NO_PROGRESS,
            "sent a snapshot at "
                + head.version()
                + ", which the copy holds already (it reached "
                + reached.version()
                + ")");
      }
      LOG.info(() -> "applying a snapshot at " + head.version());
      progress.receiving(SyncProgress.Phase.SNAPSHOT, head.version());
      var verified = new VerifiedContacts(contacts, verifier.snapshot(head), progress);
      int applied = store.replaceWithSnapshot(head, verified, verified::state);
      movedTheCopy = true;
      LOG.info(() -> "applied a snapshot of " + applied + " contacts at " + head.version());
      trusted = new ChainPoint(head.version(), head.hash());
      reached = trusted;
      pending.clear();
      // ask again from the snapshot's head: the source may have moved on meanwhile
      return Optional.empty();
    }
  }

  /**
   * The contacts of a snapshot, each checked as it passes; the end of the stream is where the whole
   * set is checked against the signed head, so the store's transaction fails before commit.
   */
  private static final class VerifiedContacts implements Iterator<ContactDto> {
    private final Iterator<ContactDto> contacts;
    private final SnapshotVerifier check;
    private final SyncProgress progress;
    private StateDigest state;

    VerifiedContacts(Iterator<ContactDto> contacts, SnapshotVerifier check, SyncProgress progress) {
      this.contacts = contacts;
      this.check = check;
      this.progress = progress;
    }

    @Override
    public boolean hasNext() {
      if (contacts.hasNext()) {
        return true;
      }
      if (state == null) {
        state = check.finish();
        progress.committing();
      }
      return false;
    }

    /** The contacts' state digest, once they are all in and verified. */
    StateDigest state() {
      if (state == null) {
        throw new IllegalStateException("the snapshot is not all in");
      }
      return state;
    }

    @Override
    public ContactDto next() {
      ContactDto contact = contacts.next();
      check.accept(contact);
      progress.took(1);
      return contact;
    }
  }
}
