package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.DataServerAdmission;
import org.peerbook.registry.cluster.TestGrid;

/**
 * The data-server slots of a cluster, on a real Hazelcast grid of three members: they bound the
 * members together, not each one.
 */
class GridDataServerGrantsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Instant GRANT_END = NOW.plusSeconds(30);
  private static final Instant LATEST = NOW.plusSeconds(300);
  private TestGrid grid;
  private GridDataServerGrants a;
  private GridDataServerGrants b;
  private GridDataServerGrants c;

  @BeforeEach
  void formAGridOfThree() {
    grid = new TestGrid(3);
    a = new GridDataServerGrants(grid.member(0));
    b = new GridDataServerGrants(grid.member(1));
    c = new GridDataServerGrants(grid.member(2));
  }

  @AfterEach
  void stop() {
    grid.close();
  }

  @Test
  void theSlotsBoundTheWholeClusterNotEachMember() {
    assertThat(a.grant("n1", 2, 0, NOW, GRANT_END, LATEST, NOW)).isTrue();
    assertThat(b.grant("n2", 2, 0, NOW, GRANT_END, LATEST, NOW)).isTrue();

    assertThat(c.grant("n3", 2, 0, NOW, GRANT_END, LATEST, NOW))
        .as("two slots, both taken through other members")
        .isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> c.live(NOW) == 2);
  }

  /**
   * While the grid's admission lock cannot be had (held elsewhere here; a stalled member's
   * partition waits the same way) requests of nodes behind the head wait for it on this member,
   * each with its thread: at most {@link DataServerAdmission#MAX_WAITING} at once, and one more is
   * told at once that it is not admitted now.
   */
  @Test
  void whileTheGridLockWaitsAtMostSoManyRequestsWaitForAdmissionAndTheNextIsNotAdmitted()
      throws Exception {
    DataServerAdmission admission = new DataServerAdmission(a);
    var locks = grid.member(1).<String, Long>getMap(GridDataServerGrants.LOCKS);
    ExecutorService requests = Executors.newFixedThreadPool(DataServerAdmission.MAX_WAITING);
    List<Future<Boolean>> waiting = new ArrayList<>();
    locks.lock("slots");
    try {
      for (int i = 0; i < DataServerAdmission.MAX_WAITING; i++) {
        String nodeId = "w" + i;
        waiting.add(requests.submit(() -> admit(admission, nodeId)));
      }
      await("every request waits")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                          .filter(thread -> thread.getName().startsWith("pool-"))
                          .filter(thread -> thread.getState() != Thread.State.RUNNABLE)
                          .filter(GridDataServerGrantsTest::inAdmission)
                          .count()
                      == DataServerAdmission.MAX_WAITING);

      assertThat(
              assertTimeoutPreemptively(Duration.ofSeconds(5), () -> admit(admission, "one-more")))
          .as("not admitted now, at once")
          .isFalse();
    } finally {
      locks.unlock("slots");
    }
    int admitted = 0;
    for (Future<Boolean> request : waiting) {
      admitted += request.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    requests.shutdown();
    assertThat(admitted).as("the slots, once the lock was free").isEqualTo(2);
    assertThat(admit(admission, "one-more")).as("the slots are taken").isFalse();
  }

  /**
   * While a grant's entry cannot be written (its key locked elsewhere here; a stalled member's
   * partition waits the same way), a node that sends its heartbeats many at once holds one thread
   * waiting to extend its grant, not one per heartbeat: the others go on at once.
   */
  @Test
  void whileTheGridWaitsANodeExtendsItsGrantOnOneThreadAtATime() throws Exception {
    a.grant("n1", 2, 0, NOW, GRANT_END, LATEST, NOW);
    var grants = grid.member(1).<String, String>getMap(GridDataServerGrants.GRANTS);
    ExecutorService heartbeats = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> extensions = new ArrayList<>();
    grants.lock("n1");
    try {
      for (int i = 0; i < 8; i++) {
        extensions.add(
            heartbeats.submit(() -> a.extend("n1", NOW.plusSeconds(60), NOW.plusSeconds(1))));
      }
      await("all but one heartbeat went on")
          .atMost(Duration.ofSeconds(30))
          .until(() -> extensions.stream().filter(Future::isDone).count() == 7);
      assertThat(extensions.stream().filter(Future::isDone).map(GridDataServerGrantsTest::result))
          .as("each found the grant being extended")
          .containsOnly(true);
    } finally {
      grants.unlock("n1");
    }
    for (Future<Boolean> extension : extensions) {
      assertThat(extension.get(30, TimeUnit.SECONDS)).isTrue();
    }
    heartbeats.shutdown();
    assertThat(b.extend("n1", NOW.plusSeconds(90), NOW.plusSeconds(2)))
        .as("the next extension, once the grid answers")
        .isTrue();
  }

  private static boolean result(Future<Boolean> done) {
    try {
      return done.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean admit(DataServerAdmission admission, String nodeId) {
    return admission.admit(
        nodeId, NOW, 2, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO);
  }

  private static boolean inAdmission(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(frame -> frame.getClassName().equals(DataServerAdmission.class.getName()));
  }

  @Test
  void aSlotReleasedOrRunOutThroughOneMemberIsFreeOnAnother() {
    a.grant("n1", 2, 0, NOW, GRANT_END, LATEST, NOW);
    a.grant("n2", 2, 0, NOW, NOW.plusSeconds(5), LATEST, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.live(NOW) == 2);

    b.release("n1");
    assertThat(c.grant("n3", 2, 0, NOW, GRANT_END, LATEST, NOW))
        .as("n1's slot, given back through b")
        .isTrue();
    assertThat(c.grant("n4", 2, 0, NOW.plusSeconds(6), GRANT_END, LATEST, NOW.plusSeconds(6)))
        .as("n2's grant ran out at 5 s")
        .isTrue();
    assertThat(c.grant("n5", 2, 0, NOW.plusSeconds(6), GRANT_END, LATEST, NOW.plusSeconds(6)))
        .isFalse();
  }

  @Test
  void aGrantExtendedThroughAnotherMemberLastsLonger() {
    a.grant("n1", 1, 0, NOW, NOW.plusSeconds(5), LATEST, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.live(NOW) == 1);

    assertThat(b.extend("n1", NOW.plusSeconds(35), NOW.plusSeconds(4))).isTrue();
    assertThat(c.extend("n2", NOW.plusSeconds(35), NOW.plusSeconds(4)))
        .as("no grant to extend")
        .isFalse();

    assertThat(c.grant("n2", 1, 0, NOW.plusSeconds(6), GRANT_END, LATEST, NOW.plusSeconds(6)))
        .as("n1's grant now runs to 35 s")
        .isFalse();
  }

  @Test
  void noRenewalThroughAnyMemberExtendsAGrantPastItsEnd() {
    a.grant("n1", 1, 0, NOW, NOW.plusSeconds(30), NOW.plusSeconds(60), NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.live(NOW) == 1);

    assertThat(b.extend("n1", NOW.plusSeconds(70), NOW.plusSeconds(20))).isTrue();

    assertThat(c.grant("n2", 1, 0, NOW.plusSeconds(59), GRANT_END, LATEST, NOW.plusSeconds(59)))
        .as("still n1's")
        .isFalse();
    assertThat(
            c.grant(
                "n2", 1, 0, NOW.plusSeconds(61), NOW.plusSeconds(90), LATEST, NOW.plusSeconds(61)))
        .as("n1's grant ended at 60 s, renewed or not")
        .isTrue();
  }

  @Test
  void aStaggeredSlotStaysClosedOnEveryMemberWhileAnotherMembersGrantIsYoung() {
    a.grant("n1", 2, 0, NOW, GRANT_END, LATEST, NOW);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.live(NOW) == 1);
    Instant oneSecondLater = NOW.plusSeconds(1);

    assertThat(b.grant("n2", 2, 0, oneSecondLater, GRANT_END, LATEST, NOW.minusSeconds(1)))
        .as("n1's copy has run 1 s of a 2 s stagger")
        .isFalse();
    assertThat(b.grant("n2", 2, 0, NOW.plusSeconds(2), GRANT_END, LATEST, NOW))
        .as("2 s later n1 is still behind: a second copy leaves")
        .isTrue();
  }

  @Test
  void waitersAheadOnAMemberKeepTheirTurn() {
    a.grant("n1", 3, 0, NOW, GRANT_END, LATEST, NOW);

    assertThat(b.grant("n2", 3, 2, NOW, GRANT_END, LATEST, NOW))
        .as("two slots free, two waiters ahead of n2 on its member")
        .isFalse();
    assertThat(b.grant("n2", 3, 1, NOW, GRANT_END, LATEST, NOW)).isTrue();
  }

  @Test
  void manyNodesAskingThroughEveryMemberAtOnceGetNoMoreThanTheSlots() throws Exception {
    List<GridDataServerGrants> members = List.of(a, b, c);
    List<Callable<Boolean>> asks = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      GridDataServerGrants member = members.get(i % 3);
      String node = "n" + i;
      asks.add(() -> member.grant(node, 4, 0, NOW, GRANT_END, LATEST, NOW));
    }
    ExecutorService threads = Executors.newFixedThreadPool(12);
    int granted = 0;
    try {
      for (Future<Boolean> answer : threads.invokeAll(asks)) {
        granted += answer.get() ? 1 : 0;
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(granted).isEqualTo(4);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.live(NOW) == 4 && c.live(NOW) == 4);
  }
}
