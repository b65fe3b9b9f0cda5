package org.peerbook.agent.sync;

import java.util.List;
import java.util.Optional;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncResponder;

/** The local copy as a source for other peers: the same protocol the data server speaks. */
public final class PeerLog implements SyncResponder.Log {
  private final LocalStore store;

  public PeerLog(LocalStore store) {
    this.store = store;
  }

  @Override
  public SignedHead head() {
    return store.head().orElseThrow(() -> new IllegalStateException("the copy never synced"));
  }

  @Override
  public Optional<String> hashAt(long version) {
    return store.hashAt(version);
  }

  @Override
  public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return store.entriesAfter(after, upTo, limit);
  }

  @Override
  public long contactCount() {
    return store.count();
  }
}
