package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SourceFault;

class SyncBudgetTest {
  private static final long MS = 1_000_000;

  /** 30 s in all, answers within 1 s, then at least 1,000 bytes/s. */
  private static final SyncLimits LIMITS =
      new SyncLimits(
          20, Duration.ofSeconds(30), 1L << 20, 4L << 20, 2L << 20, Duration.ofSeconds(1), 1000);

  private final AtomicInteger slow = new AtomicInteger();

  private SyncBudget watched() {
    SyncBudget budget = new SyncBudget(LIMITS);
    budget.watchSpeed(new SlowSource(Duration.ofSeconds(1), 10_000), slow::incrementAndGet);
    return budget;
  }

  @Test
  void tellsOnceWhenTheBytesFlowedSlowerThanTheRuleAndTheSyncGoesOn() {
    SyncBudget budget = watched();
    budget.chargeWait(100 * MS);
    budget.chargeReceived(5_000);
    budget.chargeWait(900 * MS);
    budget.nextWait();
    assertThat(slow).as("not before a second of flowing bytes").hasValue(0);

    budget.chargeReceived(4_000);
    budget.chargeWait(101 * MS);
    assertThat(budget.nextWait()).isPositive();
    budget.chargeWait(100 * MS);
    budget.nextWait();

    assertThat(slow).hasValue(1);
  }

  @Test
  void judgesNoSnapshotStream() {
    SyncBudget budget = watched();
    budget.streaming();
    budget.chargeReceived(1);
    budget.chargeWait(5_000 * MS);
    budget.chargeReceived(10_000);
    budget.nextWait();
    assertThat(slow).hasValue(0);
  }

  @Test
  void cutsAWaitWhereTheRuleWouldJudgeIfNothingMoreCame() {
    SyncBudget budget = watched();
    budget.chargeWait(200 * MS);
    budget.chargeReceived(2_000);
    // the patience runs out 1 s after the first bytes; the minimum rate (2 s at 1,000 bytes/s)
    // and the deadline later
    assertThat(budget.nextWait()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1002));
  }

  @Test
  void cutsAWaitWhereTheMinimumRateRunsOutIfNothingMoreCame() {
    SyncBudget budget = new SyncBudget(LIMITS);
    budget.chargeWait(500 * MS);
    budget.chargeReceived(5_000);
    // 5,000 bytes last until 5 s of waiting at 1,000 bytes/s
    assertThat(budget.nextWait()).isBetween(Duration.ofMillis(4500), Duration.ofMillis(4502));
    budget.chargeWait(4_501 * MS);
    assertThatThrownBy(budget::nextWait)
        .isInstanceOf(SourceFailedException.class)
        .satisfies(
            e -> assertThat(((SourceFailedException) e).fault()).isEqualTo(SourceFault.TIMEOUT))
        .hasMessageContaining("bytes/s");
  }

  @Test
  void stopsAtTheNextWaitOrRequestOnceOvertaken() {
    SyncBudget budget = new SyncBudget(LIMITS);
    boolean[] moved = {false};
    budget.stopWhen(() -> moved[0]);
    budget.chargeRequest();
    budget.nextWait();

    moved[0] = true;

    assertThatThrownBy(budget::nextWait).isInstanceOf(CopyOvertakenException.class);
    assertThatThrownBy(budget::chargeRequest).isInstanceOf(CopyOvertakenException.class);
  }
}
