package org.peerbook.agent.sync;

import java.nio.file.Path;
import java.util.Optional;
import org.peerbook.protocol.SignedHead;

/**
 * Keeps a gzipped snapshot a source sent, once the copy holds it, so that peers are served those
 * bytes as they came instead of the copy being read and compressed again.
 */
public interface SnapshotKeeper {
  /** Keeps nothing. */
  SnapshotKeeper NONE =
      new SnapshotKeeper() {
        @Override
        public Optional<Path> newFile() {
          return Optional.empty();
        }

        @Override
        public void keep(Path file, SignedHead head) {
          throw new IllegalStateException("handed no file to keep");
        }
      };

  /** A new, empty file to copy a snapshot's bytes into as they arrive; empty: keep none now. */
  Optional<Path> newFile();

  /**
   * {@code file}, from {@link #newFile}, holds the gzipped snapshot at {@code head} that the copy
   * now holds, read and verified whole; the keeper owns it from now on (keeps or deletes it).
   */
  void keep(Path file, SignedHead head);
}
