package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerbook.it.swarm.Convergence;
import org.peerbook.it.swarm.Swarm;
import org.peerbook.it.swarm.SwarmAgent;

/**
 * A small swarm of real agents (four JVMs of five) against a real data server: all of them reach
 * the head, first from an empty copy and then after a change, every copy equals the data server's
 * contact by contact, and the data server served fewer sync requests than there are agents.
 */
class SwarmIT {
  private static final int AGENTS = 20;
  private static final Duration CONVERGENCE = Duration.ofMinutes(3);

  @Test
  void twentyAgentsReachTheHeadMostlyFromEachOther() {
    var home = ServerProcess.workDirectory("swarm");
    try (var server =
            new ServerProcess(
                    home.resolve("server"), Map.of("peerbook.registry.lease-seconds", "6"))
                .start();
        var swarm =
            new Swarm(
                home.resolve("agents"),
                "swarm",
                new Swarm.Settings(server.api().base(), 5, "256m", 8, 500))) {
      Http api = server.api();
      assertThat(api.post("contacts/import", SwarmMembers.range(0, 200).build()).status())
          .isEqualTo(200);
      long head = BookChecks.head(api).version();
      long servedBefore = AgentWalkThroughIT.requestsServed(api);

      long started = System.nanoTime();
      swarm.grow(AGENTS);
      Convergence first = Convergence.await(api, swarm.agents(), head, started, CONVERGENCE);

      long servedForFirstSync = AgentWalkThroughIT.requestsServed(api) - servedBefore;
      assertThat(servedForFirstSync)
          .as("sync requests the data server served for %d agents", AGENTS)
          .isLessThan(AGENTS);
      assertEveryCopyIsTheBook(api, swarm);

      assertThat(api.post("contacts/import", SwarmMembers.range(150, 260).build()).status())
          .isEqualTo(200);
      api.delete("contacts/member-3");
      long newHead = BookChecks.head(api).version();
      long changed = System.nanoTime();
      long servedBeforeChange = AgentWalkThroughIT.requestsServed(api);
      Convergence second = Convergence.await(api, swarm.agents(), newHead, changed, CONVERGENCE);

      assertThat(AgentWalkThroughIT.requestsServed(api) - servedBeforeChange).isLessThan(AGENTS);
      assertEveryCopyIsTheBook(api, swarm);
      System.out.printf(
          "swarm of %d: first sync in %.1f s over %d hops, %d data-server requests;"
              + " a change in %.1f s over %d hops%n",
          AGENTS,
          first.slowest(),
          first.rounds(),
          servedForFirstSync,
          second.slowest(),
          second.rounds());
    }
  }

  private static void assertEveryCopyIsTheBook(Http api, Swarm swarm) {
    String headHash = BookChecks.head(api).hash();
    for (SwarmAgent agent : swarm.agents()) {
      assertThat(agent.status().getString("headHash")).as(agent.nodeId()).isEqualTo(headHash);
      BookChecks.assertSameBook(api, agent.lookups());
    }
  }
}
