package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.serving.RefusedException;

class PeerLogTest {
  @TempDir Path home;

  /** Asked before its first sync (by anyone: the registry hands out no such peer), not a 500. */
  @Test
  void aCopyThatNeverSyncedIsNotReadyToServe() throws Exception {
    try (LocalStore store = LocalStore.open(home, 100)) {
      assertThatThrownBy(() -> new PeerLog(store).head())
          .isInstanceOfSatisfying(
              RefusedException.class, refused -> assertThat(refused.status()).isEqualTo(503))
          .hasMessageContaining("not synced yet");
    }
  }
}
