package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A cluster member whose machine clock is ten minutes ahead (libfaketime moves its JVM's wall
 * clock; a failed time sync, a virtual machine restored from a snapshot). Leases and tokens cross
 * the grid as instants: read by its machine clock, that member found every lease the other member
 * renewed over and swept the nodes, and took the other member's fresh tokens for expired. Read by
 * the grid's cluster-wide time, nothing of that: nodes heartbeat through both members in turn for
 * longer than a lease and none is refused, and the member dates its answers by the cluster's time
 * (its oldest member's, here the one that is right), from which agents take the time tokens expire
 * by.
 */
class ClusterClockSkewIT {
  private static final int NODES = 12;
  private static final int LEASE_SECONDS = 30;
  private static final Duration AHEAD = Duration.ofMinutes(10);
  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(3);

  /** Answers other than 200, by status and title, with how many. */
  private final Map<String, Integer> refusals = new ConcurrentHashMap<>();

  @Test
  void aMemberWhoseClockIsMinutesAheadCostsNoNodeItsLeaseOrItsTokens() throws Exception {
    try (var database = Databases.open("PostgreSQL")) {
      Map<String, String> settings = new HashMap<>(database.settings());
      settings.put("peerbook.registry.lease-seconds", Integer.toString(LEASE_SECONDS));
      List<ServerProcess> members =
          ServerProcess.cluster(ServerProcess.workDirectory("cluster-clock"), settings, 2);
      members.get(1).withClockAhead(AHEAD);
      ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(4);
      try {
        // the member that is right first: the grid's time is its oldest member's
        members.get(0).start();
        members.get(1).start();
        List<Http> apis = List.of(members.get(0).api(), members.get(1).api());
        List<String> nodes = IntStream.range(0, NODES).mapToObj(i -> "clock-" + i).toList();
        for (int i = 0; i < NODES; i++) {
          Registrations.registered(apis.get(i % 2), nodes.get(i), "127.0.0.1", 0);
        }
        for (int i = 0; i < NODES; i++) {
          String nodeId = nodes.get(i);
          int[] beats = {i};
          // through each member in turn: each renews with the tokens the other issued
          heartbeats.scheduleWithFixedDelay(
              () -> heartbeat(apis.get(beats[0]++ % 2), nodeId),
              i * HEARTBEAT_INTERVAL.toMillis() / NODES,
              HEARTBEAT_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
        }

        await("no node is refused for longer than a lease and its sweeps")
            .during(Duration.ofSeconds(LEASE_SECONDS + 10))
            .atMost(Duration.ofSeconds(LEASE_SECONDS + 30))
            .pollInterval(Duration.ofSeconds(1))
            .until(refusals::isEmpty);
        for (Http api : apis) {
          assertThat(knows(api)).containsAll(nodes);
        }
        String dated = apis.get(1).get("registry/admin/allocation").header("Date");
        Instant sent = ZonedDateTime.parse(dated, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(Instant.now(), sent).abs())
            .as("the member ahead dates its answers by the cluster's time: " + dated)
            .isLessThan(Duration.ofSeconds(5));
      } finally {
        heartbeats.shutdownNow();
        heartbeats.awaitTermination(30, TimeUnit.SECONDS);
        System.out.printf("cluster clock skew: refusals %s%n", refusals);
        members.forEach(ServerProcess::close);
      }
    }
  }

  private void heartbeat(Http api, String nodeId) {
    try {
      Http.Reply reply =
          api.put(
              "registry/nodes/" + nodeId + "/heartbeat",
              "{\"version\":0,\"load\":0}",
              Registrations.asNode(nodeId));
      if (reply.status() == 200) {
        Registrations.remember(nodeId, reply);
      } else {
        refusals.merge(reply.status() + " " + reply.body(), 1, Integer::sum);
      }
    } catch (RuntimeException e) {
      // a task that throws is never run again: the node would go silent (and one the test's end
      // interrupts is no refusal)
      if (!Thread.currentThread().isInterrupted()) {
        refusals.merge(e.toString(), 1, Integer::sum);
      }
    }
  }

  /** The live nodes {@code api}'s member lists. */
  private static java.util.Set<String> knows(Http api) {
    return api.get("registry/admin/nodes?limit=1000").json().asJsonArray().stream()
        .map(node -> node.asJsonObject().getString("nodeId"))
        .collect(Collectors.toSet());
  }
}
