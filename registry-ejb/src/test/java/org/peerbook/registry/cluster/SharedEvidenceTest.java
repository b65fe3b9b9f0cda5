package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.allocation.control.SourceReports.Verdict;

/**
 * Counted reports shared by the members of a real Hazelcast grid: a source is demoted on every
 * member, and reporters who reported through different members add up to an eviction.
 */
class SharedEvidenceTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private TestGrid grid;
  private final SourceReports a = reports();
  private final SourceReports b = reports();
  private SharedEvidence sharedByA;
  private SharedEvidence sharedByB;

  private static SourceReports reports() {
    return new SourceReports(Duration.ofMinutes(5), 64, Duration.ofSeconds(30), 3);
  }

  @BeforeEach
  void formAGridOfTwo() {
    grid = new TestGrid(2);
    sharedByA = new SharedEvidence(grid.member(0), a);
    sharedByB = new SharedEvidence(grid.member(1), b);
  }

  @AfterEach
  void stop() {
    sharedByA.close();
    sharedByB.close();
    grid.close();
  }

  @Test
  void aSourceReportedThroughOneMemberIsDemotedOnEvery() {
    a.handedOut("r1", List.of("liar"), NOW);

    assertThat(a.judge("r1", "liar", NOW).verdict()).isEqualTo(Verdict.DEMOTED);

    await().atMost(Duration.ofSeconds(10)).until(() -> b.isDemoted("liar", NOW.plusSeconds(1)));
    assertThat(b.isDemoted("honest", NOW.plusSeconds(1))).isFalse();
  }

  @Test
  void reportersThroughDifferentMembersAddUpToAnEviction() {
    a.handedOut("r1", List.of("liar"), NOW);
    b.handedOut("r2", List.of("liar"), NOW);
    a.handedOut("r3", List.of("liar"), NOW);

    a.judge("r1", "liar", NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isDemoted("liar", NOW));
    b.judge("r2", "liar", NOW);
    // the second strike doubles the demotion to 60 s: a has counted it once it sees that
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isDemoted("liar", NOW.plusSeconds(45)));

    SourceReports.Judgement third = a.judge("r3", "liar", NOW);
    assertThat(third.distinctReporters()).isEqualTo(3);
    assertThat(third.verdict()).isEqualTo(Verdict.EVICT);
  }

  @Test
  void absenceReportedThroughOneMemberDemotesEverywhereButNeverAddsUpToAnEviction() {
    for (String reporter : List.of("r1", "r2", "r3")) {
      a.handedOut(reporter, List.of("stalled"), NOW);
    }
    b.handedOut("r4", List.of("stalled"), NOW);

    a.absent("r1", "stalled", NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isDemoted("stalled", NOW.plusSeconds(1)));
    a.absent("r2", "stalled", NOW);
    a.absent("r3", "stalled", NOW);
    // three strikes: 120 s on b too, once it heard them all
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.isDemoted("stalled", NOW.plusSeconds(100)));

    SourceReports.Judgement fourth = b.absent("r4", "stalled", NOW);
    assertThat(fourth.verdict()).isEqualTo(Verdict.DEMOTED);
    assertThat(fourth.distinctReporters()).isZero();
  }

  @Test
  void aReportNotHandedOutCountsNowhere() {
    assertThat(a.judge("r1", "honest", NOW).verdict()).isEqualTo(Verdict.IGNORED);
    b.handedOut("r2", List.of("honest"), NOW);
    b.judge("r2", "honest", NOW);

    await().atMost(Duration.ofSeconds(10)).until(() -> a.isDemoted("honest", NOW));
    a.handedOut("r1", List.of("marker"), NOW);
    a.judge("r1", "marker", NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isDemoted("marker", NOW));

    assertThat(a.isDemoted("honest", NOW.plusSeconds(31)))
        .as("one strike, heard once: 30 s")
        .isFalse();
    assertThat(b.isDemoted("honest", NOW.plusSeconds(31)))
        .as("not doubled by the echo of its own message")
        .isFalse();
  }
}
