package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Agents (each its own JVM) against what goes wrong: a registry that is not up yet, a source behind
 * its requester (F4), a SIGKILL while a snapshot is applied. Hostile peers: {@link HostilePeerIT}.
 */
class AgentResilienceIT {

  private static void importContacts(Http api, String prefix, int count) {
    for (int start = 0; start < count; start += 2_000) {
      var contacts = Json.createArrayBuilder();
      for (int i = start; i < Math.min(count, start + 2_000); i++) {
        contacts.add(
            Json.createObjectBuilder()
                .add("id", prefix + i)
                .add("displayName", "Person " + prefix + i)
                .add("department", "Dept " + i % 7)
                .add("emails", Json.createArrayBuilder().add(prefix + i + "@example.com")));
      }
      assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
    }
  }

  @Test
  void waitsForARegistryThatIsNotUpYetAndJoinsWhenItComes() {
    var home = ServerProcess.workDirectory("late-registry");
    var server = new ServerProcess(home.resolve("server"), Map.of());
    try (var agent = new AgentProcess(home.resolve("agent"))) {
      var api = new Http(java.net.URI.create("http://localhost:" + server.port() + "/api/"));
      agent.launch(api.base(), "127.0.40.1");

      server.start();
      importContacts(api, "late-", 5);
      long head = BookChecks.head(api).version();

      agent.awaitLookups();
      AgentWalkThroughIT.awaitVersion(agent, head);
      AgentWalkThroughIT.assertSameBook(api, agent);
    } finally {
      server.close();
    }
  }

  @Test
  void aPeerRefusesAnEvictedNodeWhoseTokenHasNotExpiredYet() {
    var home = ServerProcess.workDirectory("revocation");
    // 6 s leases: the agent hears of the eviction within 2 s, the token is valid for 12 s
    try (var server =
            new ServerProcess(
                    home.resolve("server"), Map.of("peerbook.registry.lease-seconds", "6"))
                .start();
        var peer = new AgentProcess(home.resolve("peer"))) {
      Http api = server.api();
      importContacts(api, "rv-", 3);
      peer.start(api.base(), "127.0.45.1");
      AgentWalkThroughIT.awaitVersion(peer, BookChecks.head(api).version());
      Http toPeer =
          Http.anonymous(
              java.net.URI.create(
                  peer.status().getString("syncAddress").replace("/api/sync", "/api/")));
      String[] token = BookChecks.enrolled(api, "evictee");
      String request = BookChecks.syncRequest("evictee", 0, BookChecks.ZERO, 10);
      assertThat(toPeer.post("sync", request, token).status()).isEqualTo(200);

      assertThat(api.delete("registry/admin/nodes/evictee").status()).isEqualTo(204);

      await("the peer refuses the evicted node's token")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          // 403 as on the data server: the token is genuine, the node no longer entitled
          .until(() -> toPeer.post("sync", request, token).status() == 403);
      assertThat(toPeer.post("sync", request, token).body()).contains("evicted");
    }
  }

  @Test
  void aSourceBehindItsRequesterPullsFromItOnlyWhereTheRegistryListsIt() throws Exception {
    var home = ServerProcess.workDirectory("f4");
    // slow heartbeats, none held (B would hear of the new head at once), so that only F4 can
    // bring B forward within the test
    try (var server =
            new ServerProcess(
                    home.resolve("server"),
                    Map.of(
                        "peerbook.registry.lease-seconds",
                        "120",
                        "peerbook.registry.max-held-heartbeats",
                        "0"))
                .start();
        var b = new AgentProcess(home.resolve("agent-b"));
        var a = new AgentProcess(home.resolve("agent-a"))) {
      Http api = server.api();
      importContacts(api, "f4-", 3);
      b.start(api.base(), "127.0.50.1");
      AgentWalkThroughIT.awaitVersion(b, BookChecks.head(api).version());
      long behind = b.version();
      // B heartbeats once at once when it has caught up, then every 40 s: the new change must
      // come after that first heartbeat, or B hears of it there
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  api.get("registry/admin/stats").object().getJsonNumber("heartbeats").longValue()
                      >= 1);
      api.put("contacts/f4-new", "{\"displayName\":\"Newer\"}");
      long head = BookChecks.head(api).version();
      a.start(api.base(), "127.0.60.1");
      AgentWalkThroughIT.awaitVersion(a, head);
      assertThat(b.version()).isEqualTo(behind);

      var asA = a.status();
      Http toB =
          new Http(
              java.net.URI.create(
                  b.status().getString("syncAddress").replace("/api/sync", "/api/")));
      // a liar: enrolled elsewhere, it names A's address, hoping B sends its token and requests
      // there. B must not pull from it (had it, B would reach the head with the liar as source).
      Http.Reply fromLiar =
          toB.post(
              "sync",
              f4Request("f4-liar", head, asA.getString("headHash"), asA.getString("syncAddress")),
              BookChecks.enrolled(api, "f4-liar"));
      assertThat(fromLiar.object().getString("kind")).isEqualTo("REQUESTER_NEWER");
      // A itself, as it would ask after a sync: with its peer token (its owner renews it with
      // A's registry token, kept in A's data directory)
      String aId = a.nodeId();
      String aRegistryToken =
          java.nio.file.Files.readString(home.resolve("agent-a").resolve("data/node-token"))
              .strip();
      Http.Reply renewed =
          api.put(
              "registry/nodes/" + aId + "/heartbeat",
              "{\"version\":" + head + ",\"load\":0}",
              "Authorization",
              "Bearer " + aRegistryToken);
      assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
      String aPeerToken = renewed.object().getJsonObject("peerToken").getString("value");
      String request =
          f4Request(aId, head, asA.getString("headHash"), asA.getString("syncAddress"));
      ContactsApiIT.assertProblem(toB.post("sync", request), 401);
      ContactsApiIT.assertProblem(
          toB.post("sync", request, "Authorization", "Bearer " + aRegistryToken), 401);
      Http.Reply answer = toB.post("sync", request, "Authorization", "Bearer " + aPeerToken);

      assertThat(answer.object().getString("kind")).isEqualTo("REQUESTER_NEWER");
      AgentWalkThroughIT.awaitVersion(b, head);
      // B's pulls run one at a time in order: the liar's request was dealt with first
      assertThat(b.status().getJsonArray("lastSources").getString(0)).isEqualTo(aId);
      assertThat(b.status().getJsonArray("lastSources").toString()).doesNotContain("f4-liar");
    }
  }

  private static String f4Request(String nodeId, long version, String hash, String address) {
    return Json.createObjectBuilder()
        .add("nodeId", nodeId)
        .add("version", version)
        .add("headHash", hash)
        .add("syncAddress", address)
        .build()
        .toString();
  }

  @Test
  void restartsIntoAConsistentCopyAfterASigkillWhileApplyingASnapshot() throws Exception {
    var home = ServerProcess.workDirectory("sigkill");
    int contacts = 6_000;
    try (var server = new ServerProcess(home.resolve("server"), Map.of()).start()) {
      Http api = server.api();
      importContacts(api, "k-", contacts);
      long head = BookChecks.head(api).version();
      // below the log's floor a new agent gets a snapshot
      assertThat(api.post("book/compaction", "{\"floor\":" + head + "}").status()).isEqualTo(200);

      var agent = new AgentProcess(home.resolve("agent"));
      agent.launch(api.base(), "127.0.90.1");
      await("the agent applying the snapshot")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () ->
                  Files.exists(agent.log())
                      && Files.readString(agent.log()).contains("applying a snapshot"));
      agent.kill();

      try (var restarted = new AgentProcess(home.resolve("agent"))) {
        restarted.start(api.base(), "127.0.90.1");
        var first = restarted.status();
        long version = first.getJsonNumber("version").longValue();
        int held = first.getInt("contacts");
        assertThat(version == 0 && held == 0 || version == head && held == contacts)
            .as("version %d with %d contacts", version, held)
            .isTrue();
        AgentWalkThroughIT.awaitVersion(restarted, head);
        assertThat(restarted.status().getInt("contacts")).isEqualTo(contacts);
        assertThat(
                restarted.lookups().get("lookup/contacts/k-4321").object().getString("displayName"))
            .isEqualTo("Person k-4321");
      }
    }
  }
}
