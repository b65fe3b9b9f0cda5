package org.peerbook.registry.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.TestClock;

class VersionSpreadTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-02T12:00:00Z"));
  private final VersionSpread spread = new VersionSpread(clock);

  private void nodesAt(long version, int count) {
    for (int i = 0; i < count; i++) {
      spread.moved(-1, version);
    }
  }

  private void move(long from, long to, int count) {
    for (int i = 0; i < count; i++) {
      spread.moved(from, to);
    }
  }

  private VersionSpread.Spread latest() {
    return spread.snapshot(7).recent().get(0);
  }

  @Test
  void measuresHowLongAfterTheCommitHalfMostAndAllNodesHeldTheVersion() {
    nodesAt(6, 200);
    spread.committed(7);

    clock.advance(Duration.ofSeconds(1));
    move(6, 7, 99);
    assertThat(latest().toShare())
        .containsExactly(Optional.empty(), Optional.empty(), Optional.empty());
    clock.advance(Duration.ofSeconds(1));
    move(6, 7, 1);
    clock.advance(Duration.ofSeconds(2));
    move(6, 7, 98);
    clock.advance(Duration.ofSeconds(6));
    move(6, 7, 2);

    assertThat(latest().version()).isEqualTo(7);
    assertThat(latest().toShare())
        .containsExactly(
            Optional.of(Duration.ofSeconds(2)),
            Optional.of(Duration.ofSeconds(4)),
            Optional.of(Duration.ofSeconds(10)));
  }

  @Test
  void aNodeThatLeavesBehindTheVersionNoLongerHoldsItBack() {
    nodesAt(6, 4);
    spread.committed(7);
    move(6, 7, 3);
    clock.advance(Duration.ofSeconds(3));

    spread.moved(6, -1);

    assertThat(latest().toShare().get(2)).contains(Duration.ofSeconds(3));
  }

  @Test
  void aNodeAtANewerVersionHoldsTheOlderOnesToo() {
    nodesAt(5, 2);
    spread.committed(6);
    spread.committed(7);
    clock.advance(Duration.ofSeconds(5));

    move(5, 7, 2);

    var recent = spread.snapshot(7).recent();
    assertThat(recent).extracting(VersionSpread.Spread::version).containsExactly(7L, 6L);
    assertThat(recent.get(1).toShare().get(2)).contains(Duration.ofSeconds(5));
  }

  @Test
  void countsTheNodesByHowFarBehindTheHeadTheyAre() {
    nodesAt(7, 5);
    nodesAt(6, 2);
    nodesAt(1, 1);
    move(7, 6, 1);

    var snapshot = spread.snapshot(7);

    assertThat(snapshot.nodes()).isEqualTo(8);
    assertThat(snapshot.nodesBehind()).isEqualTo(new TreeMap<>(Map.of(0L, 4, 1L, 3, 6L, 1)));
  }

  @Test
  void followsOnlyTheLatestVersions() {
    for (long version = 1; version <= 20; version++) {
      spread.committed(version);
    }

    assertThat(spread.snapshot(20).recent())
        .hasSize(VersionSpread.FOLLOWED)
        .first()
        .extracting(VersionSpread.Spread::version)
        .isEqualTo(20L);
  }
}
