package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real agent on a machine whose clock is ten minutes ahead (libfaketime moves its JVM's wall
 * clock). Peer tokens are issued by the resource manager's clock and live two leases (two minutes):
 * by its own clock, the agent took every peer's fresh token for expired and refused them all with
 * 401, so it served nobody and each peer handed it reported it as a bad source.
 */
class AgentClockSkewIT extends SharedServerIT {
  private static final Duration AHEAD = Duration.ofMinutes(10);

  @Test
  void anAgentWhoseClockIsMinutesAheadChecksPeersTokensByTheResourceManagersTime() {
    try (var agent =
        new AgentProcess(ServerProcess.workDirectory("clock-ahead")).withClockAhead(AHEAD)) {
      // something to serve: a copy that never synced refuses every request alike
      assertThat(api.put("contacts/clock-known", "{\"displayName\":\"Known Before\"}").status())
          .isIn(200, 201);
      agent.start(api.base(), "127.0.46.1");
      AgentWalkThroughIT.awaitVersion(agent, BookChecks.head(api).version());
      long offset = agent.status().getJsonNumber("clockOffsetSeconds").longValue();
      assertThat(offset)
          .as("the resource manager's clock against the agent's")
          .isBetween(-AHEAD.toSeconds() - 5, -AHEAD.toSeconds() + 5);

      Http toAgent =
          Http.anonymous(
              URI.create(agent.status().getString("syncAddress").replace("/api/sync", "/api/")));
      Http.Reply answer =
          toAgent.post(
              "sync",
              BookChecks.syncRequest("clock-peer", 0, BookChecks.ZERO, 10),
              BookChecks.enrolled(api, "clock-peer"));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    } finally {
      api.delete("registry/admin/nodes/clock-peer");
    }
  }
}
