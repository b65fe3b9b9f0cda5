package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;

/**
 * Writers keep writing while the data server is killed with SIGKILL; after a restart on the same
 * data every acknowledged write is there, and the chain and its signature still verify. Node tokens
 * survive too: a node's token issued before the kill still speaks for it, and a token revoked
 * before the kill stays revoked.
 */
class DurabilityIT {
  private static final int WRITERS = 4;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

  @ParameterizedTest(name = "on {0}")
  @MethodSource("org.peerbook.it.Databases#both")
  void keepsEveryAcknowledgedWriteThroughAKill(String kind) throws Exception {
    try (var database = Databases.open(kind)) {
      var home = ServerProcess.workDirectory("durability-" + kind);
      Map<String, Long> acknowledged = new ConcurrentHashMap<>();
      String publicKey;
      String[] peerTokenBeforeKill;

      // tokens live two leases: long enough to outlive the writes, the kill and the restart
      Map<String, String> settings = new HashMap<>(database.settings());
      settings.put("peerbook.registry.lease-seconds", "600");
      var server = new ServerProcess(home, settings).start();
      try {
        Http api = server.api();
        publicKey = api.get("book/public-key").object().getString("publicKey");
        Registrations.registered(api, "durable-" + kind, "127.0.81.1", 0);
        peerTokenBeforeKill = Registrations.asPeer("durable-" + kind);
        Registrations.registered(api, "evicted-" + kind, "127.0.81.2", 0);
        assertThat(api.delete("registry/admin/nodes/evicted-" + kind).status()).isEqualTo(204);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.submit(
              () -> {
                for (int i = 0; writing.get(); i++) {
                  String id = "d" + writer + "-" + i;
                  try {
                    Http.Reply reply =
                        api.put("contacts/" + id, "{\"displayName\":\"Durable " + id + "\"}");
                    if (reply.status() == 200) {
                      acknowledged.put(id, Long.parseLong(reply.header("ETag").replace("\"", "")));
                    }
                  } catch (RuntimeException connectionLost) {
                    return;
                  }
                }
              });
        }
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);

        server.kill();

        writing.set(false);
        writers.shutdown();
      } finally {
        server.close();
      }

      try (var restarted = new ServerProcess(home, settings).start()) {
        Http api = restarted.api();
        assertThat(api.get("book/public-key").object().getString("publicKey")).isEqualTo(publicKey);
        for (var write : acknowledged.entrySet()) {
          Http.Reply read = api.get("contacts/" + write.getKey());
          assertThat(read.status()).as("acknowledged %s", write.getKey()).isEqualTo(200);
          assertThat(read.object().getString("displayName")).isEqualTo("Durable " + write.getKey());
          assertThat(read.header("ETag")).isEqualTo("\"" + write.getValue() + "\"");
        }

        BookChecks.Log log = BookChecks.readWholeLog(api);
        assertThat(log.head().version())
            .isGreaterThanOrEqualTo(
                acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow());
        SyncAnswer.Snapshot snapshot =
            (SyncAnswer.Snapshot) BookChecks.sync(api, 1, "a".repeat(64), 10);
        SnapshotVerifier check = BookChecks.verifierFor(api).snapshot(snapshot.head());
        snapshot.contacts().forEach(check::accept);
        check.finish();

        tokensSurvived(api, "durable-" + kind, peerTokenBeforeKill, "evicted-" + kind);

        Http.Reply after = api.put("contacts/after-restart", "{\"displayName\":\"After\"}");
        assertThat(after.header("ETag")).isEqualTo("\"" + (log.head().version() + 1) + "\"");
      }
    }
  }

  /**
   * The node table is gone (leases live in memory), but the token key is not: the node's old
   * registry token still proves who it is (404 "unknown node", not 401), and once it registered
   * again with it, the peer token it got before the kill reads the book. The evicted node's
   * revocation came back: every lease lists it, so agents go on refusing its tokens.
   */
  private static void tokensSurvived(
      Http api, String nodeId, String[] peerTokenBeforeKill, String evictedId) {
    Http.Reply heartbeat =
        api.put(
            "registry/nodes/" + nodeId + "/heartbeat",
            Registrations.heartbeat(api, 0, 0),
            Registrations.asNode(nodeId));
    assertThat(heartbeat.status()).as(heartbeat.body()).isEqualTo(404);

    Http.Reply again = Registrations.register(api, nodeId, "127.0.81.1", 0);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.object().getJsonObject("revocations").containsKey(evictedId)).isTrue();
    Http.Reply read =
        api.post("sync", BookChecks.syncRequest(nodeId, 0, "e".repeat(64), 5), peerTokenBeforeKill);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
  }
}
