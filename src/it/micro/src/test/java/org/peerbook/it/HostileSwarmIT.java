package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.peerbook.it.hostile.HostileProcess;
import org.peerbook.it.hostile.Hostility;
import org.peerbook.it.swarm.Convergence;
import org.peerbook.it.swarm.Swarm;
import org.peerbook.it.swarm.SwarmAgent;

/**
 * Bounded staleness: a fifth of the registered nodes are hostile — one of each {@link Hostility}
 * kind, in a process of their own, all claiming the data server's head with its genuine signature —
 * and every honest agent (real agent processes) still reaches each new head within three heartbeat
 * periods; no token a hostile source collected speaks for its owner at the registry; every honest
 * copy is the book.
 */
class HostileSwarmIT {
  private static final int LEASE_SECONDS = 15;
  private static final Duration HEARTBEAT = Duration.ofSeconds(LEASE_SECONDS).dividedBy(3);
  private static final int HONEST = 28;

  @Test
  void honestAgentsReachEveryNewHeadWithinThreeHeartbeatsWhateverAFifthOfTheNodesDo() {
    List<Hostility> kinds = Arrays.asList(Hostility.values());
    assertThat(kinds.size() * 5).as("hostile nodes are a fifth").isEqualTo(HONEST + kinds.size());
    var home = ServerProcess.workDirectory("hostile-swarm");
    try (var server =
            new ServerProcess(
                    home.resolve("server"),
                    Map.of("peerbook.registry.lease-seconds", Integer.toString(LEASE_SECONDS)))
                .start();
        var swarm =
            new Swarm(
                home.resolve("agents"),
                "honest",
                new Swarm.Settings(
                    server.api().base(), 7, "256m", 8, 200, HEARTBEAT.toMillis() / 2))) {
      Http api = server.api();
      assertThat(api.post("contacts/import", SwarmMembers.range(0, 200).build()).status())
          .isEqualTo(200);
      swarm.grow(HONEST);
      Convergence.await(
          api,
          swarm.agents(),
          BookChecks.head(api).version(),
          System.nanoTime(),
          Duration.ofMinutes(3));

      try (var hostile =
          HostileProcess.launch(home.resolve("hostile"), api.base(), "hostile", 0, kinds)) {
        for (int change = 1; change <= 3; change++) {
          assertThat(
                  api.post(
                          "contacts/import", SwarmMembers.range(200 + change, 201 + change).build())
                      .status())
              .isEqualTo(200);
          long head = BookChecks.head(api).version();
          Convergence reached =
              Convergence.await(
                  api, swarm.agents(), head, System.nanoTime(), HEARTBEAT.multipliedBy(3));
          System.out.printf(
              "hostile swarm, change %d: %d honest agents at version %d, median %.1f s, slowest"
                  + " %.1f s (bound %d s)%n",
              change,
              HONEST,
              head,
              reached.median(),
              reached.slowest(),
              HEARTBEAT.multipliedBy(3).toSeconds());
        }
        assertThat(hostile.accepted()).as("what harvested tokens got the registry to do").isEmpty();
        assertThat(registered(api)).containsAll(swarm.nodeIds());
        System.out.println("hostile events: " + hostile.events());
      }
      for (SwarmAgent agent : swarm.agents()) {
        assertThat(agent.status().getString("headHash"))
            .as(agent.nodeId())
            .isEqualTo(BookChecks.head(api).hash());
      }
      BookChecks.assertSameBook(api, swarm.agents().get(0).lookups());
    }
  }

  private static Set<String> registered(Http api) {
    return api.get("registry/admin/nodes").json().asJsonArray().stream()
        .map(node -> ((JsonObject) node).getString("nodeId"))
        .collect(Collectors.toSet());
  }
}
