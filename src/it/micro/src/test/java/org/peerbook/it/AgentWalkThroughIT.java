package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The patent's walk-through with real processes: a data server and two agents, each its own JVM. B
 * registers and syncs from the data server; A registers later and syncs from B, not from the data
 * server; after administrators change the book, both converge to the head, contact by contact; on
 * SIGTERM both deregister.
 */
class AgentWalkThroughIT {
  private static final Map<String, String> FAST_LEASES =
      Map.of(
          "peerbook.registry.lease-seconds",
          "6",
          "peerbook.registry.enrollment-secret",
          Registrations.SECRET);

  @Test
  void aSyncsFromBAndBothFollowTheHead() {
    var home = ServerProcess.workDirectory("walk-through");
    try (var server = new ServerProcess(home.resolve("server"), FAST_LEASES).start();
        var b = new AgentProcess(home.resolve("agent-b"));
        var a = new AgentProcess(home.resolve("agent-a"))) {
      Http api = server.api();
      var contacts = Json.createArrayBuilder();
      for (int i = 0; i < 20; i++) {
        contacts.add(
            Json.createObjectBuilder()
                .add("id", "walk-" + i)
                .add("displayName", i % 2 == 0 ? "张伟 " + i : "Walker " + i)
                .add("emails", Json.createArrayBuilder().add("walk" + i + "@example.com")));
      }
      assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      long head = BookChecks.head(api).version();

      b.start(api.base(), "127.0.10.1");
      awaitVersion(b, head);
      long servedAfterB = requestsServed(api);

      a.start(api.base(), "127.0.20.1");
      awaitVersion(a, head);

      // the copy reaches the head a moment before the agent records where it came from
      await("A records its source")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !a.status().getJsonArray("lastSources").isEmpty());
      assertThat(a.status().getJsonArray("lastSources").getString(0)).isEqualTo(b.nodeId());
      assertThat(requestsServed(api)).as("A did not ask the data server").isEqualTo(servedAfterB);

      api.put("contacts/walk-1", "{\"displayName\":\"Walker One, renamed\"}");
      api.delete("contacts/walk-2");
      api.put("contacts/walk-new", "{\"displayName\":\"李娜\",\"department\":\"销售部\"}");
      long newHead = BookChecks.head(api).version();
      awaitVersion(b, newHead);
      awaitVersion(a, newHead);

      for (AgentProcess agent : new AgentProcess[] {a, b}) {
        assertSameBook(api, agent);
      }
      theMetricsShowTheOffloadAndTheSpread(server.root(), a, newHead);

      a.close();
      b.close();
      var listed =
          api.get("registry/admin/nodes").json().asJsonArray().stream()
              .map(v -> v.asJsonObject().getString("nodeId"))
              .toList();
      assertThat(listed).containsExactly("data-server");
    }
  }

  /**
   * A's first sync came from peer B, B's from the data server: each says so with its heartbeats,
   * and the registry saw the last version reach both nodes.
   */
  private static void theMetricsShowTheOffloadAndTheSpread(Http root, AgentProcess a, long head) {
    long fromPeer = a.status().getJsonObject("received").getJsonNumber("peer").longValue();
    assertThat(fromPeer).as("A's bytes from B").isPositive();
    await("the heartbeats told the bytes and the versions")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Metrics metrics = Metrics.read(root);
              assertThat(metrics.get("peerbook_sync_received_bytes{source=\"peer\"}"))
                  .isGreaterThanOrEqualTo(fromPeer);
              assertThat(metrics.get("peerbook_sync_received_bytes{source=\"data_server\"}"))
                  .as("B's first sync")
                  .isPositive();
              assertThat(metrics.get("peerbook_nodes_behind{versions=\"0\"}")).isEqualTo(2);
              assertThat(metrics.get("peerbook_version_spread_version{share=\"1.0\"}"))
                  .isEqualTo(head);
              assertThat(metrics.get("peerbook_version_spread_seconds{share=\"1.0\"}"))
                  .isBetween(0.0, 60.0);
            });
  }

  static void awaitVersion(AgentProcess agent, long version) {
    await("agent at version " + version)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> agent.version() >= version);
  }

  static long requestsServed(Http api) {
    return api.get("sync/stats").object().getJsonNumber("requests").longValue();
  }

  static void assertSameBook(Http api, AgentProcess agent) {
    BookChecks.assertSameBook(api, agent.lookups());
  }
}
