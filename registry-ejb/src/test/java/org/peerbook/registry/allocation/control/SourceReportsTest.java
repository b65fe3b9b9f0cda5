package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerbook.registry.allocation.control.Demotions.Kind.MISCONDUCT;
import static org.peerbook.registry.allocation.control.Reporter.alone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceReportsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private final SourceReports reports =
      new SourceReports(Duration.ofMinutes(2), 8, Duration.ofSeconds(30), 2, 3);

  @Test
  void aNodesStandingListsTheSourcesItWasHandedUntilItReportsOne() {
    reports.handedOut("requester", List.of("a", "b"), NOW);
    reports.handedOut("requester", List.of("c"), NOW.plusSeconds(5));

    assertThat(reports.standing("requester", NOW.plusSeconds(5)).recentSources())
        .containsExactly(
            java.util.Map.entry("a", NOW),
            java.util.Map.entry("b", NOW),
            java.util.Map.entry("c", NOW.plusSeconds(5)));

    reports.judge(alone("requester"), "b", MISCONDUCT, NOW.plusSeconds(6));

    assertThat(reports.standing("requester", NOW.plusSeconds(6)).recentSources())
        .containsOnlyKeys("a", "c");
  }

  @Test
  void aReportedNodesStandingCountsTheReportsAndSaysUntilWhenItIsDemoted() {
    assertThat(reports.standing("a", NOW).reports()).isEmpty();
    reports.handedOut("r1", List.of("a"), NOW);
    reports.handedOut("r2", List.of("a"), NOW);

    reports.judge(alone("r1"), "a", MISCONDUCT, NOW);
    var awaiting = reports.standing("a", NOW).reports().orElseThrow();
    reports.judge(alone("r2"), "a", MISCONDUCT, NOW.plusSeconds(1));

    assertThat(awaiting.witnesses()).isEqualTo(1);
    assertThat(awaiting.demotedUntil()).isEmpty();
    var demoted = reports.standing("a", NOW).reports().orElseThrow();
    assertThat(demoted.demotions()).isEqualTo(1);
    assertThat(demoted.distinctReporters()).isEqualTo(2);
    assertThat(demoted.witnesses()).as("both spent on this demotion").isZero();
    assertThat(demoted.demotedUntil()).contains(NOW.plusSeconds(31));
  }

  @Test
  void keepsTheLatestReportsANodeFiledNewestFirstAndForgetsThemWhenItLeaves() {
    for (int i = 0; i < 10; i++) {
      reports.filed("requester", "s" + i, "BUSY", i % 2 == 0, NOW.plusSeconds(i));
    }

    var filed = reports.standing("requester", NOW).filed();
    assertThat(filed).hasSize(8);
    assertThat(filed.get(0))
        .isEqualTo(new FiledReports.Filed("s9", "BUSY", false, NOW.plusSeconds(9)));
    assertThat(filed.get(7).source()).isEqualTo("s2");

    reports.forget("requester");
    assertThat(reports.standing("requester", NOW).filed()).isEmpty();
  }

  @Test
  void aReportAboutASourceNeverHandedOutLeavesNoStanding() {
    reports.judge(alone("liar"), "honest", MISCONDUCT, NOW);

    assertThat(reports.standing("honest", NOW).reports()).isEmpty();
    assertThat(reports.standing("liar", NOW).recentSources()).isEmpty();
  }
}
