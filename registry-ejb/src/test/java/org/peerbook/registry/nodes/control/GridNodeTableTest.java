package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.hazelcast.map.IMap;
import com.hazelcast.map.MapInterceptor;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.cluster.GridMajority;
import org.peerbook.registry.cluster.TestGrid;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table of a cluster on a real Hazelcast grid of three members in this JVM (TCP on
 * loopback): what one member writes, the others see; claims hold across members; a member's death
 * loses no record.
 */
class GridNodeTableTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final int MAX_GRID_WAITS = 64;
  private TestGrid grid;
  private final SplittableRandom random = new SplittableRandom(1);
  private GridNodeTable a;
  private GridNodeTable b;
  private GridNodeTable c;

  @BeforeEach
  void formAGridOfThree() {
    grid = new TestGrid(3);
    a = new GridNodeTable(grid.member(0), random, MAX_GRID_WAITS);
    b = new GridNodeTable(grid.member(1), random, MAX_GRID_WAITS);
    c = new GridNodeTable(grid.member(2), random, MAX_GRID_WAITS);
  }

  @AfterEach
  void stop() {
    grid.close();
  }

  private ResourceNode register(GridNodeTable table, String nodeId, int port, String proof) {
    return registerAt(table, nodeId, port, proof, NOW);
  }

  private ResourceNode registerAt(
      GridNodeTable table, String nodeId, int port, String proof, Instant now) {
    return table.register(
        new NodeClaim(
            nodeId,
            URI.create("http://127.0.0.1:" + port + "/api/sync"),
            ip("127.0.0.1"),
            proof,
            last -> 3,
            now,
            now.plusSeconds(60)),
        random);
  }

  @Test
  void whatOneMemberRegistersEveryMemberSeesAndHandsOut() {
    register(a, "n1", 7001, null);

    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") != null && c.get("n1") != null);
    assertThat(c.get("n1").version()).isEqualTo(3);
    var picked =
        c.handOut(
            new org.peerbook.registry.allocation.control.Requester("me", ip("10.0.0.1"), 0),
            new org.peerbook.registry.allocation.control.AllocationChain(
                List.of(
                    java.util.Map.entry(
                        "random",
                        new org.peerbook.registry.allocation.control.RandomAllocation()))),
            3,
            org.peerbook.registry.allocation.control.HopBudget.NONE,
            8,
            NOW,
            id -> false,
            random);
    assertThat(picked.sources()).extracting(ResourceNode::nodeId).containsExactly("n1");
  }

  @Test
  void claimsHoldAcrossMembers() {
    register(a, "n1", 7001, null);

    assertThatThrownBy(() -> register(b, "n1", 7002, null))
        .as("the id, from another member, without the node's token")
        .isInstanceOf(NodeClaimException.class);
    assertThatThrownBy(() -> register(c, "n2", 7001, null))
        .as("the endpoint, from another member")
        .isInstanceOf(NodeClaimException.class);
    assertThat(register(b, "n1", 7003, "n1").syncAddress().getPort())
        .as("the node itself moves, proving its id")
        .isEqualTo(7003);
    assertThat(register(c, "n2", 7001, null).nodeId())
        .as("the endpoint it left is free")
        .isEqualTo("n2");
  }

  @Test
  void aHeartbeatOnOneMemberRenewsForAll() {
    register(a, "n1", 7001, null);

    ResourceNode renewed =
        b.renew(
            "n1", NOW.plusSeconds(30), node -> node.heartbeat(3, 5, NOW.plusSeconds(90)), random);

    assertThat(renewed.leaseExpiry()).isEqualTo(NOW.plusSeconds(90));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.get("n1").leaseExpiry().equals(NOW.plusSeconds(90)));
    assertThat(c.renew("gone", NOW, node -> node, random)).isNull();
  }

  @Test
  void heartbeatsOnTwoMembersInARowBothCount() {
    for (int i = 0; i < 20; i++) {
      String nodeId = "n" + i;
      register(a, nodeId, 7000 + i, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.get(nodeId) != null);
      UnaryOperator<ResourceNode> oneSecondMore =
          node -> node.heartbeat(node.version() + 1, 0, node.leaseExpiry().plusSeconds(1));

      a.renew(nodeId, NOW, oneSecondMore, random);
      // b may not have heard of a's heartbeat yet: it must renew what a wrote, not what it saw
      ResourceNode second = b.renew(nodeId, NOW, oneSecondMore, random);

      assertThat(second.version()).as(nodeId).isEqualTo(5);
      assertThat(second.leaseExpiry()).as(nodeId).isEqualTo(NOW.plusSeconds(62));
    }
  }

  @Test
  void aHeartbeatThatKeepsLosingTheRaceEndsUnderTheLockAndLosesNoOther() {
    register(a, "n1", 7001, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") != null);
    // each heartbeat a newer version: a change of the record, which races as a compare-and-set
    UnaryOperator<ResourceNode> oneMore =
        node -> node.heartbeat(node.version() + 1, 0, node.leaseExpiry().plusSeconds(1));
    IMap<String, String> onTheGrid = grid.member(2).getMap(GridNodeTable.NODES);
    AtomicInteger overtaken = new AtomicInteger();
    // whenever b works out a renewal without the lock, a renews first: b never wins a race
    UnaryOperator<ResourceNode> alwaysOvertaken =
        node -> {
          if (!onTheGrid.isLocked("n1")) {
            overtaken.incrementAndGet();
            a.renew("n1", NOW, oneMore, random);
          }
          return oneMore.apply(node);
        };

    ResourceNode renewed =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> b.renew("n1", NOW, alwaysOvertaken, random));

    assertThat(overtaken).hasValue(GridNodeTable.OPTIMISTIC_RENEWALS);
    int each = GridNodeTable.OPTIMISTIC_RENEWALS + 1;
    assertThat(renewed.version())
        .as("a's renewals and b's own, each counted once")
        .isEqualTo(3 + each);
    assertThat(renewed.leaseExpiry()).isEqualTo(NOW.plusSeconds(60 + each));
    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("n1").version() == 3 + each);
  }

  @Test
  void renewalsThatMoveOnlyTheLeaseReachTheGridInOneWriteAtTheSweep() {
    for (int i = 0; i < 20; i++) {
      register(a, "n" + i, 7000 + i, null);
    }
    IMap<String, String> records = grid.member(2).getMap(GridNodeTable.NODES);
    IMap<String, Long> leases = grid.member(2).getMap(GridLeases.LEASES);
    Map<String, String> registered = new HashMap<>(records);

    for (int i = 0; i < 20; i++) {
      String nodeId = "n" + i;
      await().atMost(Duration.ofSeconds(10)).until(() -> b.get(nodeId) != null);
      ResourceNode renewed =
          b.renew(nodeId, NOW.plusSeconds(20), n -> n.heartbeat(3, 0, NOW.plusSeconds(80)), random);
      assertThat(renewed.leaseExpiry()).isEqualTo(NOW.plusSeconds(80));
      assertThat(b.get(nodeId).leaseExpiry())
          .as("the member that took it knows")
          .isEqualTo(NOW.plusSeconds(80));
    }
    assertThat(new HashMap<>(records)).as("records untouched").isEqualTo(registered);
    assertThat(leases.size()).as("nothing sent before the sweep").isZero();

    b.sweep(NOW.plusSeconds(21), node -> fail("swept " + node));

    assertThat(leases.size()).isEqualTo(20);
    assertThat(leases.get("n7")).isEqualTo(NOW.plusSeconds(80).toEpochMilli());
    assertThat(grid.member(0).getConfig().getMapConfig(GridLeases.LEASES).getTimeToLiveSeconds())
        .as("entries of nodes gone go by themselves")
        .isEqualTo((int) GridLeases.ENTRY_LIFETIME.toSeconds());
  }

  /**
   * A member that was paused (or whose send of renewals waited that long on a silent member) finds
   * leases over on the grid that other members renewed meanwhile and could not send yet: its first
   * sweep after removes none of them; the next, a second later, judges as always.
   */
  @Test
  void aSweepLongAfterTheLastRemovesNothingAndTheNextJudges() {
    AtomicLong nanos = new AtomicLong();
    GridNodeTable paused = new GridNodeTable(grid.member(0), random, MAX_GRID_WAITS, nanos::get);
    try {
      register(paused, "n1", 7001, null);
      List<String> lapsed = new ArrayList<>();

      nanos.addAndGet(GridSweep.PAUSE.plusSeconds(1).toNanos());
      paused.sweep(NOW.plusSeconds(100), node -> lapsed.add(node.nodeId()));
      assertThat(lapsed).as("after a pause").isEmpty();
      assertThat(grid.member(2).getMap(GridNodeTable.NODES).containsKey("n1")).isTrue();

      nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      paused.sweep(NOW.plusSeconds(101), node -> lapsed.add(node.nodeId()));
      assertThat(lapsed).containsExactly("n1");
    } finally {
      paused.close();
    }
  }

  /**
   * A member left alone (the two others gone silent for it, as when it was paused and they took it
   * out) holds the grid for nobody's but its own: it says why it answers no node, and its sweeps
   * remove nothing, until the others come back or, here, nobody did within the hold; then it sweeps
   * as a grid of one.
   */
  @Test
  void aMemberCutOffFromMostOfItsClusterSweepsNothingUntilItServesAlone() {
    AtomicLong nanos = new AtomicLong();
    GridNodeTable lone = new GridNodeTable(grid.member(0), random, MAX_GRID_WAITS, nanos::get);
    try {
      for (int i = 0; i < 20; i++) {
        register(lone, "n" + i, 7000 + i, null);
      }
      assertThat(lone.unavailable()).isNull();
      grid.member(1).getLifecycleService().terminate();
      grid.member(2).getLifecycleService().terminate();
      await().atMost(Duration.ofSeconds(30)).until(() -> lone.unavailable() != null);
      assertThat(lone.unavailable()).isEqualTo("sees 1 of the 3 members of its cluster");
      await("the backups it held promoted")
          .atMost(Duration.ofSeconds(30))
          .until(() -> grid.member(0).getPartitionService().isClusterSafe());
      IMap<String, String> left = grid.member(0).getMap(GridNodeTable.NODES);
      int kept = left.size();
      assertThat(kept).as("records whose owner or backup was this member").isPositive();
      List<String> lapsed = new ArrayList<>();

      for (int second = 100; second < 103; second++) {
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        lone.sweep(NOW.plusSeconds(second), node -> lapsed.add(node.nodeId()));
      }
      assertThat(lapsed).as("while cut off").isEmpty();
      assertThat(left.size()).isEqualTo(kept);

      nanos.addAndGet(GridMajority.HOLD.toNanos());
      assertThat(lone.unavailable()).as("nobody came back within the hold").isNull();
      for (int second = 200; second < 203; second++) {
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        lone.sweep(NOW.plusSeconds(second), node -> lapsed.add(node.nodeId()));
      }
      assertThat(lapsed).hasSize(kept);
    } finally {
      lone.close();
    }
  }

  @Test
  void aRenewalThatMovesOnlyTheLeaseIsReadByOtherMembersBeforeTheirCopyLapses() {
    register(a, "n1", 7001, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("n1") != null);
    IMap<String, String> onTheGrid = grid.member(2).getMap(GridNodeTable.NODES);
    String registered = onTheGrid.get("n1");
    List<String> lapsed = new ArrayList<>();

    ResourceNode renewed =
        b.renew("n1", NOW.plusSeconds(20), n -> n.heartbeat(3, 0, NOW.plusSeconds(80)), random);
    b.sweep(NOW.plusSeconds(20), node -> lapsed.add(node.nodeId()));

    assertThat(renewed.leaseExpiry()).isEqualTo(NOW.plusSeconds(80));
    assertThat(onTheGrid.get("n1")).as("the record as registered").isEqualTo(registered);
    c.sweep(NOW.plusSeconds(50), node -> lapsed.add(node.nodeId()));
    assertThat(c.get("n1").leaseExpiry())
        .as("not yet within the refresh: as c last heard")
        .isEqualTo(NOW.plusSeconds(60));
    c.sweep(NOW.plusSeconds(56), node -> lapsed.add(node.nodeId()));
    assertThat(c.get("n1").leaseExpiry()).isEqualTo(NOW.plusSeconds(80));
    a.sweep(NOW.plusSeconds(65), node -> lapsed.add(node.nodeId()));
    assertThat(lapsed).as("renewed through b, lapsed nowhere").isEmpty();
    assertThat(a.live(NOW.plusSeconds(65))).extracting(ResourceNode::nodeId).contains("n1");
    assertThat(
            c.renew(
                "n1", NOW.plusSeconds(70), n -> n.heartbeat(3, 0, NOW.plusSeconds(130)), random))
        .as("a heartbeat through a member whose copy lapsed, after the record's own lease")
        .isNotNull();

    ResourceNode moved =
        c.renew("n1", NOW.plusSeconds(75), n -> n.heartbeat(4, 0, NOW.plusSeconds(90)), random);

    assertThat(onTheGrid.get("n1")).as("a new version: every member hears").startsWith("n");
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1").version() == 4);
    assertThat(moved.leaseExpiry()).isEqualTo(NOW.plusSeconds(90));
    c.sweep(NOW.plusSeconds(76), node -> lapsed.add(node.nodeId()));
    a.sweep(NOW.plusSeconds(131), node -> lapsed.add(node.nodeId()));
    assertThat(lapsed).as("within the grace for a renewal on its way").isEmpty();
    a.sweep(NOW.plusSeconds(133), node -> lapsed.add(node.nodeId()));
    c.sweep(NOW.plusSeconds(133), node -> lapsed.add(node.nodeId()));
    assertThat(lapsed).as("lapsed once, when it did").containsExactly("n1");
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") == null);
    assertThat(grid.member(1).<String, Long>getMap(GridLeases.LEASES).get("n1"))
        .as("its lease gone with it")
        .isNull();
  }

  /**
   * Leases renewed apart from the records hold the node's id and endpoint as its record's own lease
   * would: another node may not take them once the record's lease alone has ended.
   */
  @Test
  void aLeaseRenewedApartHoldsTheIdAndTheEndpoint() {
    register(a, "n1", 7001, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") != null);
    b.renew("n1", NOW.plusSeconds(50), n -> n.heartbeat(3, 0, NOW.plusSeconds(110)), random);
    b.sweep(NOW.plusSeconds(50), node -> fail("swept " + node));
    Instant later = NOW.plusSeconds(70);

    assertThatThrownBy(() -> registerAt(c, "n1", 7002, null, later))
        .as("its id, unproven, through a member that did not take the renewal")
        .isInstanceOf(NodeClaimException.class);
    assertThatThrownBy(() -> registerAt(c, "n2", 7001, null, later))
        .as("its endpoint")
        .isInstanceOf(NodeClaimException.class);
    assertThat(registerAt(c, "n2", 7001, null, NOW.plusSeconds(113)).nodeId())
        .as("once the renewed lease ended too, and the grace for a renewal not sent yet")
        .isEqualTo("n2");
  }

  /**
   * A renewal taken in a lease's last second reaches the grid at the taking member's next sweep:
   * until the grace for that has passed, a member that reads the lease ended still lets nobody
   * unproven take the node's id or endpoint.
   */
  @Test
  void aLeaseJustEndedHoldsTheIdAndTheEndpointForTheGraceOfARenewalNotSentYet() {
    register(a, "n1", 7001, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") != null);
    // b takes a renewal in the lease's last second and has not swept since
    b.renew("n1", NOW.plusMillis(59_500), n -> n.heartbeat(3, 0, NOW.plusSeconds(120)), random);
    Instant justAfter = NOW.plusMillis(60_500);

    assertThatThrownBy(() -> registerAt(c, "n1", 7002, null, justAfter))
        .as("its id, unproven, half a second after its lease seemed to end")
        .isInstanceOf(NodeClaimException.class);
    assertThatThrownBy(() -> registerAt(c, "n2", 7001, null, justAfter))
        .as("its endpoint")
        .isInstanceOf(NodeClaimException.class);
    Instant afterTheGrace = NOW.plusSeconds(60).plus(GridLeases.SEND_GRACE).plusMillis(1);
    ResourceNode taken = registerAt(c, "n2", 7001, null, afterTheGrace);
    assertThat(taken.nodeId())
        .as("after the grace: b would have sent the renewal by then")
        .isEqualTo("n2");
    assertThat(taken.leaseExpiry()).as("its own lease").isEqualTo(afterTheGrace.plusSeconds(60));
  }

  /**
   * A sweep on one member removes a lapsed record while the node registers again on another; the
   * sweep then frees the endpoint it read from the old record. The node holds that endpoint anew:
   * its claim must stay, or another node could register the live node's address.
   */
  @Test
  void anEndpointIsFreedOnlyOnceItsNodeNoLongerHoldsIt() {
    register(a, "n1", 7001, null);
    String endpoint = NodeAddresses.endpoint(URI.create("http://127.0.0.1:7001/api/sync"));

    b.releaseEndpoint(endpoint, "n1");

    assertThatThrownBy(() -> register(c, "n2", 7001, null))
        .as("n1 is registered there")
        .isInstanceOf(NodeClaimException.class);
    a.remove("n1");
    assertThat(register(c, "n2", 7001, null).nodeId()).isEqualTo("n2");
  }

  /** A claim whose node's record says it is elsewhere (a move cut short) keeps nobody out. */
  @Test
  void aClaimLeftBehindHoldsNoEndpoint() {
    register(a, "n1", 7001, null);
    IMap<String, String> endpoints = grid.member(1).getMap(GridNodeTable.ENDPOINTS);
    endpoints.set(NodeAddresses.endpoint(URI.create("http://127.0.0.1:7002/api/sync")), "n1");

    assertThat(register(b, "n2", 7002, null).nodeId()).isEqualTo("n2");
    assertThatThrownBy(() -> register(c, "n3", 7001, null))
        .as("where n1's record says it is")
        .isInstanceOf(NodeClaimException.class);
  }

  /**
   * One node registers through all three members at once, each time at the member's own address:
   * every registration ends (none waits for another's lock for ever), the node ends up holding
   * exactly the endpoint its record names, and the other two addresses are free.
   */
  @Test
  void oneNodeMovingThroughEveryMemberAtOnceEndsHoldingOneEndpoint() throws Exception {
    List<GridNodeTable> members = List.of(a, b, c);
    register(a, "n1", 7000, null);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          List<Thread> movers = new ArrayList<>();
          AtomicInteger refused = new AtomicInteger();
          for (int m = 0; m < members.size(); m++) {
            GridNodeTable member = members.get(m);
            int port = 7001 + m;
            Thread mover =
                new Thread(
                    () -> {
                      for (int i = 0; i < 20; i++) {
                        try {
                          register(member, "n1", port, "n1");
                        } catch (NodeClaimException busy) {
                          refused.incrementAndGet();
                        }
                      }
                    });
            mover.start();
            movers.add(mover);
          }
          for (Thread mover : movers) {
            mover.join();
          }
          assertThat(refused.get()).as("registrations refused as busy").isLessThan(60);
        });
    IMap<String, String> endpoints = grid.member(0).getMap(GridNodeTable.ENDPOINTS);
    // the grid's record, not a member's replica: a replica learns the last move by an event, later
    IMap<String, String> records = grid.member(0).getMap(GridNodeTable.NODES);
    String held = NodeAddresses.endpoint(NodeRecords.read(records.get("n1")).syncAddress());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        endpoints.entrySet().stream()
                            .filter(claim -> claim.getValue().equals("n1"))
                            .map(java.util.Map.Entry::getKey))
                    .containsExactly(held));
    for (int port = 7000; port <= 7003; port++) {
      String other = "other-" + port;
      if (!held.equals(
          NodeAddresses.endpoint(URI.create("http://127.0.0.1:" + port + "/api/sync")))) {
        assertThat(register(b, other, port, null).nodeId()).isEqualTo(other);
      }
    }
  }

  /**
   * Nodes new to the grid race for one endpoint through every member (the way without a lock) while
   * a known node moves there (the locked way): exactly one of them holds it afterwards, its claim
   * and its record agree, and every registration refused left no record and no claim.
   */
  @Test
  void newNodesAndAMovingOneRacingForOneEndpointLeaveOneHolder() {
    register(a, "mover", 7099, null);
    List<GridNodeTable> members = List.of(a, b, c);
    Queue<String> holders = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          List<Thread> racers = new ArrayList<>();
          for (int m = 0; m < members.size(); m++) {
            for (int i = 0; i < 8; i++) {
              GridNodeTable member = members.get(m);
              String nodeId = m == 0 && i == 0 ? "mover" : "new-" + m + "-" + i;
              Thread racer =
                  new Thread(
                      () -> {
                        try {
                          start.await();
                          register(member, nodeId, 7100, nodeId);
                          holders.add(nodeId);
                        } catch (NodeClaimException taken) {
                          refused.incrementAndGet();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
              racer.start();
              racers.add(racer);
            }
          }
          start.countDown();
          for (Thread racer : racers) {
            racer.join();
          }
        });
    assertThat(holders).as("registrations that took the endpoint").hasSize(1);
    assertThat(refused.get()).isEqualTo(23);
    String holder = holders.peek();
    String endpoint = NodeAddresses.endpoint(URI.create("http://127.0.0.1:7100/api/sync"));
    IMap<String, String> endpoints = grid.member(0).getMap(GridNodeTable.ENDPOINTS);
    IMap<String, String> records = grid.member(0).getMap(GridNodeTable.NODES);
    assertThat(endpoints.get(endpoint)).isEqualTo(holder);
    assertThat(records.keySet())
        .as("records on the grid")
        .containsExactlyInAnyOrderElementsOf(
            holder.equals("mover") ? List.of("mover") : List.of("mover", holder));
    assertThat(NodeAddresses.endpoint(NodeRecords.read(records.get(holder)).syncAddress()))
        .isEqualTo(endpoint);
    assertThat(endpoints.values())
        .as("claims on the grid")
        .containsExactlyInAnyOrderElementsOf(
            holder.equals("mover") ? List.of("mover") : List.of("mover", holder));
  }

  /**
   * A locked registration claims its endpoint by compare-and-set: here it reads the endpoint as
   * claimed by a node that holds nothing there (a claim left behind by a move, which it may take)
   * while a new node holds it, as when the new node took it without a lock after the read. It does
   * not overwrite the claim: it reads again, finds the holder and is refused.
   */
  @Test
  void aLockedRegistrationNeverOverwritesAClaimTakenSinceItRead() {
    register(a, "mover", 7099, null);
    // b knows the node: its registration goes the locked way
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("mover") != null);
    register(c, "first", 7100, null);
    IMap<String, String> endpoints = grid.member(0).getMap(GridNodeTable.ENDPOINTS);
    FirstReadSeesAClaimLeftBehind.seen.set(false);
    String interceptor = endpoints.addInterceptor(new FirstReadSeesAClaimLeftBehind());
    try {
      assertThatThrownBy(() -> register(b, "mover", 7100, "mover"))
          .isInstanceOf(NodeClaimException.class);
    } finally {
      endpoints.removeInterceptor(interceptor);
    }
    assertThat(FirstReadSeesAClaimLeftBehind.seen).as("the stale read happened").isTrue();
    assertThat(endpoints.get("127.0.0.1:7100")).isEqualTo("first");
    assertThat(endpoints.get("127.0.0.1:7099")).isEqualTo("mover");
    IMap<String, String> records = grid.member(0).getMap(GridNodeTable.NODES);
    assertThat(NodeRecords.read(records.get("mover")).syncAddress().getPort()).isEqualTo(7099);
  }

  /** The first read of the claim of {@code first} answers a node that holds nothing. */
  private static final class FirstReadSeesAClaimLeftBehind extends ReadInterceptor {
    // the grid runs a copy of the interceptor on each member: the flag is the class's
    static final AtomicBoolean seen = new AtomicBoolean();

    @Override
    public Object interceptGet(Object value) {
      return "first".equals(value) && seen.compareAndSet(false, true) ? "gone" : null;
    }
  }

  /**
   * A registration whose compare-and-set keeps failing (here every read of the grid's records
   * returns a text other than the one stored, as if the record changed between each read and its
   * write) is refused as busy with a retry hint after {@link
   * GridRegistration#CONFLICTING_REGISTRATIONS} tries, and takes back the endpoint claim it made:
   * the node keeps the record and the address it had.
   */
  @Test
  void aRegistrationThatKeepsLosingItsRecordToOthersIsRefusedAsBusyAndClaimsNothing() {
    register(a, "n1", 7001, null);
    IMap<String, String> records = grid.member(0).getMap(GridNodeTable.NODES);
    String interceptor = records.addInterceptor(new RecordChangedOnEveryRead());
    try {
      assertThatThrownBy(() -> register(b, "n1", 7002, "n1"))
          .isInstanceOfSatisfying(
              NodeClaimException.class,
              busy -> {
                assertThat(busy.retryAfterSeconds()).isEqualTo(1);
                assertThat(busy.getMessage()).contains("kept changing while it registered");
              });
    } finally {
      records.removeInterceptor(interceptor);
    }
    IMap<String, String> endpoints = grid.member(0).getMap(GridNodeTable.ENDPOINTS);
    assertThat(endpoints.get("127.0.0.1:7002")).as("the claim it made, taken back").isNull();
    assertThat(endpoints.get("127.0.0.1:7001")).isEqualTo("n1");
    assertThat(NodeRecords.read(records.get("n1")).syncAddress().getPort()).isEqualTo(7001);
    assertThat(register(c, "n2", 7002, null).nodeId()).isEqualTo("n2");
  }

  /**
   * Every read of a record returns it in the renewal form: the same node, never the text stored.
   */
  private static final class RecordChangedOnEveryRead extends ReadInterceptor {
    @Override
    public Object interceptGet(Object value) {
      return value instanceof String text && text.startsWith("n3|")
          ? "r3|" + text.substring(3)
          : null;
    }
  }

  @Test
  void aLapsedLeaseIsSweptOnceAndLeavesEveryReplica() {
    register(a, "n1", 7001, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.get("n1") != null);
    List<String> lapsed = new ArrayList<>();

    a.sweep(NOW.plusSeconds(61), node -> lapsed.add(node.nodeId()));
    assertThat(lapsed).as("lapsed a second ago: a renewal may be on its way").isEmpty();
    Instant pastTheGrace = NOW.plusSeconds(60).plus(GridLeases.SEND_GRACE).plusMillis(1);
    a.sweep(pastTheGrace, node -> lapsed.add(node.nodeId()));
    b.sweep(pastTheGrace, node -> lapsed.add(node.nodeId()));

    assertThat(lapsed).containsExactly("n1");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.get("n1") == null);
  }

  @Test
  void aMemberThatDiesTakesNoRecordWithIt() {
    for (int i = 0; i < 50; i++) {
      register(a, "n" + i, 7000 + i, null);
    }
    grid.member(0).getLifecycleService().terminate();

    for (int i = 0; i < 50; i++) {
      int node = i;
      await().atMost(Duration.ofSeconds(30)).until(() -> b.get("n" + node) != null);
      assertThat(b.renew("n" + node, NOW, n -> n.heartbeat(3, 0, NOW.plusSeconds(60)), random))
          .as("n%d after the member that registered it died", node)
          .isNotNull();
    }
  }

  /**
   * Requests that wait on the grid (here registrations waiting for an endpoint's lock another
   * member holds, as they would for a stalled member's partition) take at most the member's bound:
   * one more is refused at once, unwritten, and a heartbeat that only renews a lease, which needs
   * no grid call, is answered meanwhile.
   */
  @Test
  void beyondItsBoundARequestThatWouldWaitOnTheGridIsRefusedAtOnceWhileRenewalsGoOn()
      throws InterruptedException {
    GridNodeTable bounded = new GridNodeTable(grid.member(0), random, 2);
    try {
      register(a, "owner", 7100, null);
      register(bounded, "steady", 7101, null);
      IMap<String, String> endpoints = grid.member(1).getMap(GridNodeTable.ENDPOINTS);
      List<Thread> waiting = new ArrayList<>();
      endpoints.lock("127.0.0.1:7100");
      try {
        for (String nodeId : List.of("w1", "w2")) {
          Thread thread = new Thread(() -> registerRefusedOrNot(bounded, nodeId, 7100));
          thread.start();
          waiting.add(thread);
        }
        await("both wait on the grid")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    waiting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));

        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThatThrownBy(() -> register(bounded, "w3", 7100, null))
                    .isInstanceOf(GridBusyException.class));
        ResourceNode renewed =
            assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () ->
                    bounded.renew(
                        "steady",
                        NOW.plusSeconds(10),
                        node -> node.withLeaseExpiry(NOW.plusSeconds(70)),
                        random));
        assertThat(renewed.leaseExpiry()).isEqualTo(NOW.plusSeconds(70));
        assertThatThrownBy(() -> bounded.remove("steady"))
            .as("a deregistration waits on the grid too")
            .isInstanceOf(GridBusyException.class);
        assertThat(bounded.get("steady")).as("and took nothing out").isNotNull();
      } finally {
        endpoints.unlock("127.0.0.1:7100");
      }
      for (Thread thread : waiting) {
        thread.join(30_000);
      }
      assertThat(grid.member(2).getMap(GridNodeTable.NODES).containsKey("w3"))
          .as("the refused registration wrote nothing")
          .isFalse();
      // the bound free again, it gets its turn on the grid, where the claim rule refuses it
      assertThatThrownBy(() -> register(bounded, "w3", 7100, null))
          .isInstanceOf(NodeClaimException.class);
    } finally {
      bounded.close();
    }
  }

  private void registerRefusedOrNot(GridNodeTable table, String nodeId, int port) {
    try {
      register(table, nodeId, port, null);
    } catch (NodeClaimException refused) {
      // the endpoint is another live node's: what matters here is that it waited
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Changes what reads return, and nothing else. */
  private abstract static class ReadInterceptor implements MapInterceptor {
    @Override
    public void afterGet(Object value) {}

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
      return null;
    }

    @Override
    public void afterPut(Object value) {}

    @Override
    public Object interceptRemove(Object removedValue) {
      return null;
    }

    @Override
    public void afterRemove(Object value) {}
  }
}
