package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.sync.SyncProgress;

class FirstSyncProgressLineTest {
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final AtomicLong version = new AtomicLong();
  private final AtomicBoolean indexing = new AtomicBoolean();

  @AfterEach
  void stop() {
    ticker.shutdownNow();
  }

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

  @Test
  void saysOnceWhenTheCopyIsLiveAndOnceWhenItsIndexesAreInThenStops() {
    FirstSyncProgressLine line = line(Optional.of(now(SyncProgress.Phase.SNAPSHOT, 40_000, 12)));

    line.run();
    version.set(12);
    indexing.set(true);
    line.run();
    line.run();
    assertThat(ticker.isShutdown()).isFalse();
    indexing.set(false);
    line.run();

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("first sync from data-server"))
        .satisfies(
            lines ->
                assertThat(lines.get(1))
                    .matches(
                        "copy at version 12, answering lookups; building its search indexes, \\d+ s"))
        .satisfies(
            lines ->
                assertThat(lines.get(2))
                    .matches("copy at version 12 with its search indexes, \\d+ s"));
    assertThat(ticker.isShutdown()).isTrue();
  }

  @Test
  void aStartWithACopyThatHasItsIndexesPrintsNothing() {
    version.set(7);
    FirstSyncProgressLine line = line(Optional.empty());

    line.run();

    assertThat(printed.toByteArray()).isEmpty();
    assertThat(ticker.isShutdown()).isTrue();
  }

  private FirstSyncProgressLine line(Optional<SyncProgress.Now> progress) {
    return new FirstSyncProgressLine(
        () -> progress,
        version::get,
        indexing::get,
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        ticker);
  }
}
