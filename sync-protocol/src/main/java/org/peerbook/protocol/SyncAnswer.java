package org.peerbook.protocol;

import java.util.List;

/** What a source answers to a {@link SyncRequest}; see the package documentation. */
public sealed interface SyncAnswer {

  /** Which answer this is, as named on the wire. */
  enum Kind {
    EQUAL,
    DELTA,
    SNAPSHOT,
    REQUESTER_NEWER
  }

  Kind kind();

  /** Requester and source hold the same version and hash (F2). */
  record Equal(SignedHead head) implements SyncAnswer {
    @Override
    public Kind kind() {
      return Kind.EQUAL;
    }
  }

  /**
   * The entries after the requester's version (F3).
   *
   * @param complete whether the last entry is the one at {@code head.version()}
   */
  record Delta(SignedHead head, List<ChangeEntry> entries, boolean complete) implements SyncAnswer {
    public Delta {
      entries = List.copyOf(entries);
    }

    @Override
    public Kind kind() {
      return Kind.DELTA;
    }
  }

  /** The whole book at {@code head.version()}. */
  record Snapshot(SignedHead head, List<ContactDto> contacts) implements SyncAnswer {
    public Snapshot {
      contacts = List.copyOf(contacts);
    }

    @Override
    public Kind kind() {
      return Kind.SNAPSHOT;
    }
  }

  /** The source is behind the requester and will pull from it (F4). */
  record RequesterNewer(long sourceVersion, String sourceHash) implements SyncAnswer {
    @Override
    public Kind kind() {
      return Kind.REQUESTER_NEWER;
    }
  }
}
