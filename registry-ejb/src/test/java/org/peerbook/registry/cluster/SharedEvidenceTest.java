package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.peerbook.registry.allocation.control.Demotions.Kind.ABSENT;
import static org.peerbook.registry.allocation.control.Demotions.Kind.MISCONDUCT;
import static org.peerbook.registry.allocation.control.Reporter.alone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.Reporter;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.allocation.control.SourceReports.Verdict;

/**
 * Counted reports shared by the members of a real Hazelcast grid: a source is withheld from its
 * reporter on every member, and reporters who reported through different members add up to a
 * demotion and to an eviction.
 */
class SharedEvidenceTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private TestGrid grid;
  private final SourceReports a = reports();
  private final SourceReports b = reports();
  private SharedEvidence sharedByA;
  private SharedEvidence sharedByB;

  private static SourceReports reports() {
    return new SourceReports(Duration.ofMinutes(5), 64, Duration.ofSeconds(30), 2, 3);
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
  void aReportThroughOneMemberWithholdsTheSourceFromItsReporterOnEveryMember() {
    a.handedOut("r1", List.of("liar"), NOW);

    SourceReports.Judgement judgement = a.judge(alone("r1"), "liar", MISCONDUCT, NOW);

    assertThat(judgement.verdict()).isEqualTo(Verdict.COUNTED);
    assertThat(judgement.demoted()).as("one reporter: no quorum").isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.isWithheldFrom("r1", "liar", NOW.plusSeconds(1)));
    assertThat(b.isWithheldFrom("r2", "liar", NOW.plusSeconds(1))).isFalse();
    assertThat(b.isDemoted("liar", NOW.plusSeconds(1))).isFalse();
  }

  @Test
  void reportersThroughDifferentMembersAddUpToADemotionAndAnEviction() {
    a.handedOut("r1", List.of("liar"), NOW);
    b.handedOut("r2", List.of("liar"), NOW);
    a.handedOut("r3", List.of("liar"), NOW);

    a.judge(alone("r1"), "liar", MISCONDUCT, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isWithheldFrom("r1", "liar", NOW));
    assertThat(b.judge(alone("r2"), "liar", MISCONDUCT, NOW).demoted()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isDemoted("liar", NOW.plusSeconds(29)));

    SourceReports.Judgement third = a.judge(alone("r3"), "liar", MISCONDUCT, NOW);
    assertThat(third.standing().distinctReporters()).isEqualTo(3);
    assertThat(third.verdict()).isEqualTo(Verdict.EVICT);
  }

  @Test
  void absenceReportedThroughTwoMembersDemotesEverywhereButNeverAddsUpToAnEviction() {
    for (String reporter : List.of("r1", "r2")) {
      a.handedOut(reporter, List.of("stalled"), NOW);
    }
    b.handedOut("r3", List.of("stalled"), NOW);

    a.judge(alone("r1"), "stalled", ABSENT, NOW);
    a.judge(alone("r2"), "stalled", ABSENT, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isDemoted("stalled", NOW.plusSeconds(1)));

    SourceReports.Judgement third = b.judge(alone("r3"), "stalled", ABSENT, NOW);
    assertThat(third.verdict()).isEqualTo(Verdict.COUNTED);
    assertThat(third.standing().distinctReporters()).isZero();
  }

  @Test
  void aReportNotHandedOutCountsNowhereAndAMembersOwnMessageIsNotCountedTwice() {
    assertThat(a.judge(alone("r1"), "honest", MISCONDUCT, NOW).verdict())
        .isEqualTo(Verdict.IGNORED);
    b.handedOut("r2", List.of("honest"), NOW);
    b.judge(alone("r2"), "honest", MISCONDUCT, NOW);

    await().atMost(Duration.ofSeconds(10)).until(() -> a.isWithheldFrom("r2", "honest", NOW));
    a.handedOut("r1", List.of("marker"), NOW);
    a.judge(alone("r1"), "marker", MISCONDUCT, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isWithheldFrom("r1", "marker", NOW));

    assertThat(a.isDemoted("honest", NOW)).as("the ignored report is no second witness").isFalse();
    assertThat(b.isWithheldFrom("r2", "honest", NOW.plusSeconds(31)))
        .as("one report, 30 s: not doubled by the echo of its own message")
        .isFalse();
  }

  @Test
  void reportersOfOneNetworkThroughDifferentMembersStayOneWitness() {
    a.handedOut("sybil-1", List.of("honest"), NOW);
    b.handedOut("sybil-2", List.of("honest"), NOW);

    a.judge(new Reporter("sybil-1", "192.0.2.7"), "honest", MISCONDUCT, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.isWithheldFrom("sybil-1", "honest", NOW));
    SourceReports.Judgement second =
        b.judge(new Reporter("sybil-2", "192.0.2.7"), "honest", MISCONDUCT, NOW);

    assertThat(second.demoted()).as("one network's word, told across").isFalse();
    assertThat(second.standing().witnesses()).isEqualTo(1);
  }

  @Test
  void aReportFromAMemberOfTheVersionBeforeCountsItsReporterAlone() {
    grid.member(1)
        .<String>getTopic(SharedEvidence.TOPIC)
        .publish("counted|MISCONDUCT|liar|r1|" + NOW.toEpochMilli());
    await().atMost(Duration.ofSeconds(10)).until(() -> a.isWithheldFrom("r1", "liar", NOW));
    a.handedOut("r2", List.of("liar"), NOW);

    assertThat(a.judge(alone("r2"), "liar", MISCONDUCT, NOW).demoted()).isTrue();
  }
}
