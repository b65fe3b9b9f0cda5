package org.peerbook.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Decides the answer to a {@link SyncRequest}, the same way on the data server and on every agent:
 * only the log behind it differs.
 */
public final class SyncResponder {

  /** What a source knows of its own log. */
  public interface Log {
    /** The source's current signed head. */
    SignedHead head();

    /**
     * The hash of the entry at {@code version}, if the log can still tell ({@link Hashes#ZERO} for
     * version 0 while nothing was compacted away).
     */
    Optional<String> hashAt(long version);

    /** Entries {@code after+1 .. upTo}, in order, at most {@code limit} of them. */
    List<ChangeEntry> entriesAfter(long after, long upTo, int limit);

    /** How many contacts the book holds now; asked only of requesters far behind. */
    long contactCount();
  }

  /**
   * A requester this many versions behind or more may get the whole book instead, when that is
   * smaller than the entries it misses (a new node joining a book with a long history).
   */
  public static final long SNAPSHOT_CONSIDERED_BEHIND = 1_000;

  /**
   * The decided answer. For {@link SyncAnswer.Kind#SNAPSHOT} the answer is left to the source,
   * which streams its book; {@code answer} is then {@code null}.
   */
  public record Decision(SyncAnswer.Kind kind, SyncAnswer answer) {}

  private SyncResponder() {}

  public static Decision decide(SyncRequest request, Log log) {
    SignedHead head = log.head();
    long version = request.version();
    if (version > head.version()) {
      return new Decision(
          SyncAnswer.Kind.REQUESTER_NEWER,
          new SyncAnswer.RequesterNewer(head.version(), head.hash()));
    }
    Optional<String> hash = log.hashAt(version);
    if (hash.isEmpty() || !hash.get().equals(request.headHash())) {
      // below the retained log, or on another chain: only the whole book helps
      return new Decision(SyncAnswer.Kind.SNAPSHOT, null);
    }
    if (version == head.version()) {
      return new Decision(SyncAnswer.Kind.EQUAL, new SyncAnswer.Equal(head));
    }
    long behind = head.version() - version;
    if (behind >= SNAPSHOT_CONSIDERED_BEHIND && behind > log.contactCount()) {
      // fewer contacts than missed entries: the book itself is the shorter answer
      return new Decision(SyncAnswer.Kind.SNAPSHOT, null);
    }
    List<ChangeEntry> entries = log.entriesAfter(version, head.version(), request.limit());
    if (!isContiguousFrom(version, entries)) {
      // compacted while we read: the requester is now below the log
      return new Decision(SyncAnswer.Kind.SNAPSHOT, null);
    }
    long reached = entries.get(entries.size() - 1).version();
    return new Decision(
        SyncAnswer.Kind.DELTA, new SyncAnswer.Delta(head, entries, reached == head.version()));
  }

  private static boolean isContiguousFrom(long version, List<ChangeEntry> entries) {
    long expected = version + 1;
    for (ChangeEntry entry : entries) {
      if (entry.version() != expected++) {
        return false;
      }
    }
    return !entries.isEmpty();
  }
}
