package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;

/**
 * Eight writers, five hundred changes each, at once: the book's version goes 1..4000 with every
 * version given exactly once, and the chain verifies — on H2 and on PostgreSQL.
 */
class ConcurrentWritersIT {
  private static final int WRITERS = 8;
  private static final int CHANGES_EACH = 500;

  @ParameterizedTest(name = "on {0}")
  @MethodSource("org.peerbook.it.Databases#both")
  void givesEveryConcurrentChangeItsOwnVersionWithoutGaps(String kind) throws Exception {
    try (var database = Databases.open(kind);
        var server =
            new ServerProcess(ServerProcess.workDirectory("writers-" + kind), database.settings())
                .start()) {
      Http api = server.api();
      Map<Long, String> idByVersion = new ConcurrentHashMap<>();

      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < CHANGES_EACH; i++) {
                    String id = "w" + writer + "-" + i;
                    Http.Reply reply =
                        api.put("contacts/" + id, "{\"displayName\":\"Writer " + writer + "\"}");
                    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    long version = Long.parseLong(reply.header("ETag").replace("\"", ""));
                    assertThat(idByVersion.put(version, id))
                        .as("version %d twice", version)
                        .isNull();
                  }
                  return null;
                }));
      }
      for (Future<?> writer : done) {
        writer.get();
      }
      writers.shutdown();

      long total = (long) WRITERS * CHANGES_EACH;
      assertThat(idByVersion.keySet())
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

      BookChecks.Log log = BookChecks.readWholeLog(api);
      assertThat(log.head().version()).isEqualTo(total);
      assertThat(log.entries()).hasSize((int) total);
      for (ChangeEntry entry : log.entries()) {
        assertThat(entry.contactId()).isEqualTo(idByVersion.get(entry.version()));
      }

      SyncAnswer.Snapshot snapshot =
          (SyncAnswer.Snapshot) BookChecks.sync(api, 1, "a".repeat(64), 10);
      SnapshotVerifier check = BookChecks.verifierFor(api).snapshot(snapshot.head());
      snapshot.contacts().forEach(check::accept);
      check.finish();
      assertThat(snapshot.contacts()).hasSize((int) total);
    }
  }
}
