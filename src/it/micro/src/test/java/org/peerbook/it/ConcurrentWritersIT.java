package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;

/**
 * Eight writers, five hundred changes each, at once: the book's version goes 1..4000 with every
 * version given exactly once, and the chain verifies — on H2 and on PostgreSQL. The writes share
 * transactions (group commit): fewer commits than requests. A ninth writer's stale updates, which
 * land in the same batches, are refused alone: the others' writes go through. Meanwhile snapshots
 * are built again and again (every one is stale at once): each holds exactly the contacts its head
 * signs, though writers commit while it is read.
 */
class ConcurrentWritersIT {
  private static final int WRITERS = 8;
  private static final int CHANGES_EACH = 500;

  @ParameterizedTest(name = "on {0}")
  @MethodSource("org.peerbook.it.Databases#both")
  void givesEveryConcurrentChangeItsOwnVersionWithoutGaps(String kind) throws Exception {
    try (var database = Databases.open(kind);
        var server =
            new ServerProcess(
                    ServerProcess.workDirectory("writers-" + kind),
                    settings(database.settings(), "peerbook.sync.snapshot-max-lag", "1"))
                .start()) {
      Http api = server.api();
      Map<Long, String> idByVersion = new ConcurrentHashMap<>();
      // version 1: a contact the ninth writer will try to update with an ETag it never had
      assertThat(api.put("contacts/stale", "{\"displayName\":\"Stale\"}").status()).isEqualTo(200);

      ExecutorService writers = Executors.newFixedThreadPool(WRITERS + 2);
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
      AtomicInteger refused = new AtomicInteger();
      Future<?> staleWriter =
          writers.submit(
              () -> {
                while (done.stream().anyMatch(writer -> !writer.isDone())) {
                  Http.Reply reply =
                      api.put("contacts/stale", "{\"displayName\":\"Lost\"}", "If-Match", "\"0\"");
                  assertThat(reply.status()).as(reply.body()).isEqualTo(412);
                  refused.incrementAndGet();
                }
                return null;
              });
      AtomicInteger snapshots = new AtomicInteger();
      AtomicInteger sentAgain = new AtomicInteger();
      Future<?> snapshotReader =
          writers.submit(
              () -> {
                SyncVerifier verifier = BookChecks.verifierFor(api);
                while (done.stream().anyMatch(writer -> !writer.isDone())) {
                  Http.Reply reply = BookChecks.syncReply(api, 1, "a".repeat(64), 10);
                  if (reply.status() == 503 && reply.header("Retry-After") != null) {
                    // a body that came apart from its head, whose dispatch the container lost
                    // (BodyArrival): told to send it again, as an agent would
                    sentAgain.incrementAndGet();
                    continue;
                  }
                  assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                  BookChecks.verifiedSnapshot(verifier, BookChecks.answer(reply));
                  snapshots.incrementAndGet();
                }
                return null;
              });
      for (Future<?> writer : done) {
        writer.get();
      }
      staleWriter.get();
      snapshotReader.get();
      writers.shutdown();
      assertThat(refused).hasPositiveValue();
      System.out.printf(
          "%s: %d snapshots built and verified while writes flowed (%d requests to send again)%n",
          kind, snapshots.get(), sentAgain.get());
      assertThat(snapshots).hasPositiveValue();
      long commits = metric(api, "peerbook_book_commits_total");
      long requests = metric(api, "peerbook_book_committed_requests_total");
      System.out.printf(
          "%s: %d write requests in %d commits (%.1f per commit)%n",
          kind, requests, commits, (double) requests / commits);
      assertThat(commits).as("group commit").isLessThan(requests);

      long total = (long) WRITERS * CHANGES_EACH + 1;
      idByVersion.put(1L, "stale");
      assertThat(idByVersion.keySet())
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

      BookChecks.Log log = BookChecks.readWholeLog(api);
      assertThat(log.head().version()).isEqualTo(total);
      assertThat(log.entries()).hasSize((int) total);
      for (ChangeEntry entry : log.entries()) {
        assertThat(entry.contactId()).isEqualTo(idByVersion.get(entry.version()));
      }

      SyncAnswer.Snapshot snapshot =
          BookChecks.verifiedSnapshot(
              BookChecks.verifierFor(api), BookChecks.sync(api, 1, "a".repeat(64), 10));
      assertThat(snapshot.head().version()).isEqualTo(total);
      assertThat(snapshot.contacts()).hasSize((int) total);
    }
  }

  private static Map<String, String> settings(Map<String, String> base, String key, String value) {
    Map<String, String> settings = new HashMap<>(base);
    settings.put(key, value);
    return settings;
  }

  /** A counter of the application's, from MicroProfile Metrics' Prometheus text. */
  private static long metric(Http api, String name) {
    Http root = Http.anonymous(api.base().resolve("/"));
    for (String line : root.get("metrics?scope=application").body().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " is not among the metrics");
  }
}
