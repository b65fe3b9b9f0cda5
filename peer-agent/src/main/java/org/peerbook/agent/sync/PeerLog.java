package org.peerbook.agent.sync;

import java.util.List;
import java.util.Optional;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.serving.RefusedException;

/** The local copy as a source for other peers: the same protocol the data server speaks. */
public final class PeerLog implements SyncResponder.Log {
  private final LocalStore store;

  public PeerLog(LocalStore store) {
    this.store = store;
  }

  /**
   * @throws RefusedException 503 before the copy's first sync: nothing to serve yet (the registry
   *     hands out no such peer, but anyone may ask)
   */
  @Override
  public SignedHead head() {
    return store
        .head()
        .orElseThrow(
            () ->
                RefusedException.notReady(
                    "this agent's copy has not synced yet: nothing to serve"));
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
