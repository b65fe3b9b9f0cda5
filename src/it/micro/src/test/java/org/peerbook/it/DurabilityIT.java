package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * data every acknowledged write is there, and the chain and its signature still verify.
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

      var server = new ServerProcess(home, database.settings()).start();
      try {
        Http api = server.api();
        publicKey = api.get("book/public-key").object().getString("publicKey");
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

      try (var restarted = new ServerProcess(home, database.settings()).start()) {
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

        Http.Reply after = api.put("contacts/after-restart", "{\"displayName\":\"After\"}");
        assertThat(after.header("ETag")).isEqualTo("\"" + (log.head().version() + 1) + "\"");
      }
    }
  }
}
