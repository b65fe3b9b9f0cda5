package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.sync.SyncProgress;

class FirstSyncProgressLineTest {
  private static SyncProgress.Now now(SyncProgress.Phase phase, long done, long toVersion) {
    return new SyncProgress.Now(
        "data-server", phase, done, toVersion, Instant.EPOCH, Duration.ofSeconds(4));
  }

  @Test
  void saysTheSourceThePhaseTheCountAndTheRate() {
    assertThat(FirstSyncProgressLine.line(now(SyncProgress.Phase.SNAPSHOT, 40_000, 12)))
        .isEqualTo("first sync from data-server to version 12: 40,000 contacts (10,000/s), 4 s");
    assertThat(FirstSyncProgressLine.line(now(SyncProgress.Phase.CONNECTING, 0, 0)))
        .isEqualTo("first sync from data-server: asking, 4 s");
    assertThat(FirstSyncProgressLine.line(now(SyncProgress.Phase.COMMITTING, 100_000, 12)))
        .isEqualTo("first sync from data-server to version 12: 100,000 received, committing, 4 s");
  }
}
