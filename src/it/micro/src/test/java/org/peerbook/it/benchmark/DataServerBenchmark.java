package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Databases;
import org.peerbook.it.Http;
import org.peerbook.it.Metrics;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.TestAdministrator;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier.ChainPoint;

/**
 * Prints the data server's figures: write throughput on H2 and PostgreSQL (single-change requests
 * from 1, 8 and 32 writers at once, beside plain JDBC inserts at the same concurrency on the same
 * kind of database), and the latency of a small delta and of a snapshot once the change log holds a
 * million entries. A benchmark, not a test: it asserts only that the answers are right, never how
 * fast they came.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark}; sizes with {@code
 * -Dbenchmark.log-entries=...} (the first database's log), {@code
 * -Dbenchmark.throughput-entries=...} (the others') and {@code
 * -Dbenchmark.databases=H2,PostgreSQL}.
 */
class DataServerBenchmark {
  private static final long LOG_ENTRIES = Long.getLong("benchmark.log-entries", 1_000_000);
  private static final long THROUGHPUT_ENTRIES =
      Long.getLong("benchmark.throughput-entries", 50_000);
  private static final int BOOK_SIZE = Integer.getInteger("benchmark.book-size", 100_000);
  // a batch names each contact once: a book smaller than a batch makes batches as large as the book
  private static final int IMPORT_BATCH = Math.min(10_000, BOOK_SIZE);
  private static final int SINGLE_WRITES = 2_000;
  // an agent that was off for a while (AgentBenchmark restarts one this far behind)
  private static final int LARGE_DELTA = 10_000;
  // the server's optimizing compiler works for a minute or more after the start, on one of two
  // cores
  private static final int WARM_UP_ROUNDS = 10;
  private static final int[] WRITERS = {1, 8, 32};
  private static final int SNAPSHOT_WRITERS = 8;

  @Test
  void printFigures() throws Exception {
    List<String> kinds =
        Arrays.asList(System.getProperty("benchmark.databases", "H2,PostgreSQL").split(","));
    System.out.println("=== PeerBook data server benchmark ===");
    boolean first = true;
    for (String kind : kinds) {
      try (var database = Databases.open(kind);
          var server =
              new ServerProcess(ServerProcess.workDirectory("bench-" + kind), database.settings())
                  .start()) {
        // the million-entry log is built once, on the first database; the others measure writes
        measure(
            kind,
            server.api(),
            baseline(kind, database.settings()),
            first ? LOG_ENTRIES : THROUGHPUT_ENTRIES,
            first);
      }
      first = false;
    }
    System.out.println("======================================");
  }

  /** Prints as it goes: a long run shows its figures before it ends. */
  private static final class Lines {
    void add(String line) {
      System.out.println(line);
      System.out.flush();
    }
  }

  private void measure(
      String kind, Http api, JdbcBaseline baseline, long entries, boolean withReads)
      throws Exception {
    Lines lines = new Lines();
    lines.add(warmUp(kind, api, baseline));
    double single = 0;
    for (int writers : WRITERS) {
      double trivial = trivialReads(api, writers);
      Metrics before = Metrics.read(Http.anonymous(api.base().resolve("/")));
      single = singleWrites(api, writers);
      Metrics after = Metrics.read(Http.anonymous(api.base().resolve("/")));
      double plain = baseline.insertsPerSecond(writers, writes(writers));
      lines.add(
          line(kind, "one change per request, %d writer%s", writers, writers == 1 ? "" : "s")
              + String.format(
                  Locale.ROOT,
                  "%10.0f changes/s  plain JDBC %8.0f rows/s  (%.2fx)  trivial admin GET %6.0f/s"
                      + " (%.2fx)  %.1f requests per commit",
                  single,
                  plain,
                  single / plain,
                  trivial,
                  single / trivial,
                  perCommit(before, after)));
    }

    long started = System.nanoTime();
    long written = 0;
    int round = 0;
    // where the log stood a large delta back: what an agent that was off for a while asks from
    ChainPoint largeDeltaBack = null;
    while (written < entries) {
      int size = (int) Math.min(IMPORT_BATCH, entries - written);
      if (entries - written <= LARGE_DELTA && largeDeltaBack == null) {
        largeDeltaBack = BookChecks.head(api);
      }
      importBatch(api, round++, size);
      written += size;
    }
    double bulk = written / seconds(started);
    lines.add(
        line(kind, "write throughput, bulk import of %d per request", IMPORT_BATCH)
            + String.format(
                Locale.ROOT, "%10.0f changes/s  (%.1fx one-per-request)", bulk, bulk / single));

    ChainPoint base = BookChecks.head(api);
    lines.add(line(kind, "change log now holds") + String.format("%10d entries", base.version()));
    if (!withReads) {
      return;
    }
    for (int i = 0; i < 10; i++) {
      api.put("contacts/bench-tail-" + i, "{\"displayName\":\"Tail " + i + "\"}");
    }

    ChainPoint head = BookChecks.head(api);
    String equalRequest = BookChecks.syncRequest("bench", head.version(), head.hash(), 10);
    String deltaRequest = BookChecks.syncRequest("bench", base.version(), base.hash(), 100);
    assertThat(BookChecks.sync(api, base.version(), base.hash(), 100))
        .isInstanceOfSatisfying(SyncAnswer.Delta.class, d -> assertThat(d.entries()).hasSize(10));
    double[] equal = latencies(api, equalRequest, 300, false);
    double[] delta = latencies(api, deltaRequest, 300, false);
    lines.add(line(kind, "EQUAL answer (baseline)") + percentiles(equal, null));
    lines.add(line(kind, "10-entry DELTA") + percentiles(delta, equal));
    if (largeDeltaBack != null) {
      String largeRequest =
          BookChecks.syncRequest(
              "bench", largeDeltaBack.version(), largeDeltaBack.hash(), LARGE_DELTA);
      double[] large = latencies(api, largeRequest, 10, true);
      lines.add(line(kind, "%d-entry DELTA, gzip", LARGE_DELTA) + percentiles(large, delta));
    }

    String snapshotRequest = BookChecks.syncRequest("bench", 1, "f".repeat(64), 10);
    double[] firstSnapshot = latencies(api, snapshotRequest, 1, true);
    double[] gzipped = latencies(api, snapshotRequest, 20, true);
    double[] plain = latencies(api, snapshotRequest, 10, false);
    String[] token = BookChecks.enrolled(api, "bench");
    long bytes =
        api.postForBytes("sync", snapshotRequest, "Accept-Encoding", "gzip", token[0], token[1])
            .body()
            .length;
    lines.add(
        line(kind, "SNAPSHOT of %d contacts, first (built)", BOOK_SIZE)
            + String.format(Locale.ROOT, "%10.1f ms", firstSnapshot[0]));
    lines.add(
        line(kind, "SNAPSHOT cached, gzip (%d KiB)", bytes / 1024) + percentiles(gzipped, delta));
    lines.add(line(kind, "SNAPSHOT cached, uncompressed") + percentiles(plain, delta));

    double alone = singleWrites(api, SNAPSHOT_WRITERS);
    double[] beside = writesBesideSnapshots(api, snapshotRequest);
    lines.add(
        line(kind, "one change per request, %d writers, alone", SNAPSHOT_WRITERS)
            + String.format(Locale.ROOT, "%10.0f changes/s", alone));
    lines.add(
        line(kind, "the same while snapshots are rebuilt (%.0f built)", beside[1])
            + String.format(
                Locale.ROOT, "%10.0f changes/s  (%.2fx alone)", beside[0], beside[0] / alone));
  }

  /**
   * Writes from {@link #SNAPSHOT_WRITERS} writers while another client asks for a snapshot again
   * and again: every answer it gets is stale by then, so the book is read whole over and over.
   *
   * @return changes per second, and how many snapshots were built meanwhile
   */
  private static double[] writesBesideSnapshots(Http api, String snapshotRequest) throws Exception {
    Pattern version = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger built = new AtomicInteger();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    Future<?> reading =
        reader.submit(
            () -> {
              String last = null;
              while (writing.get()) {
                // the request speaks for node "bench"; a snapshot build can outlast its lease
                String[] token = BookChecks.enrolled(api, "bench");
                var answer =
                    api.postForBytes(
                        "sync", snapshotRequest, "Accept-Encoding", "gzip", token[0], token[1]);
                assertThat(answer.statusCode())
                    .as(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
                boolean gzipped =
                    answer.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
                // the head comes first: its version tells a new snapshot from the cached one
                try (var head =
                    gzipped
                        ? new GZIPInputStream(new ByteArrayInputStream(answer.body()))
                        : new ByteArrayInputStream(answer.body())) {
                  Matcher found =
                      version.matcher(new String(head.readNBytes(4096), StandardCharsets.UTF_8));
                  String at = found.find() ? found.group(1) : null;
                  if (at != null && !at.equals(last)) {
                    built.incrementAndGet();
                    last = at;
                  }
                }
              }
              return null;
            });
    try {
      double perSecond = singleWrites(api, SNAPSHOT_WRITERS);
      return new double[] {perSecond, built.get()};
    } finally {
      writing.set(false);
      reading.get();
      reader.shutdown();
    }
  }

  /**
   * The baseline on the same kind of database: the server's own PostgreSQL database, or an H2 file
   * in the same work directory (the server's H2 file is open in its process), which commits as
   * durably as the server's ({@code WRITE_DELAY=0}; H2's default writes within half a second).
   */
  private static JdbcBaseline baseline(String kind, Map<String, String> settings) {
    return "PostgreSQL".equals(kind)
        ? new JdbcBaseline(settings.get("peerbook.db.url"), settings.get("peerbook.db.user"))
        : new JdbcBaseline(
            "jdbc:h2:file:"
                + ServerProcess.workDirectory("bench-baseline").toAbsolutePath().resolve("baseline")
                + ";WRITE_DELAY=0",
            "sa");
  }

  /**
   * Rounds of writes from the most writers until one runs within 10% of the round before (the
   * server's code is compiled by then), and a round of the baseline.
   */
  private static String warmUp(String kind, Http api, JdbcBaseline baseline) throws Exception {
    int most = WRITERS[WRITERS.length - 1];
    double previous = singleWrites(api, most);
    int rounds = 1;
    while (rounds < WARM_UP_ROUNDS) {
      double next = singleWrites(api, most);
      rounds++;
      if (Math.abs(next - previous) <= 0.1 * previous) {
        break;
      }
      previous = next;
    }
    baseline.insertsPerSecond(most, writes(most));
    return line(kind, "warm-up: rounds of %d writers until steady", most)
        + String.format(Locale.ROOT, "%10d rounds", rounds);
  }

  /** Enough writes that a measurement lasts seconds whatever the concurrency. */
  private static int writes(int writers) {
    return Math.max(SINGLE_WRITES, writers * 250);
  }

  /**
   * What the server answers without touching the book, over the same connections: an
   * administrator's GET of the allocation settings (credentials checked, JSON written), the floor
   * under every write.
   */
  /** Write requests recorded per transaction between two readings of the server's figures. */
  private static double perCommit(Metrics before, Metrics after) {
    String requests = "peerbook_book_committed_requests_total";
    String commits = "peerbook_book_commits_total";
    return (after.get(requests) - before.get(requests))
        / (after.get(commits) - before.get(commits));
  }

  private static double trivialReads(Http api, int writers) throws Exception {
    return requestsPerSecond(
        api, writers, (connection, writer, i) -> connection.get("registry/admin/allocation"));
  }

  private static double singleWrites(Http api, int writers) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    return requestsPerSecond(
        api,
        writers,
        (connection, writer, i) ->
            connection.put(
                "contacts/single-" + run + "-" + writer + "-" + i,
                "{\"displayName\":\"Single " + i + "\"}"));
  }

  /** One request of a writer's, numbered from 0, over the writer's connection. */
  private interface Request {
    KeptAliveConnection.Answer send(KeptAliveConnection connection, int writer, int i)
        throws IOException;
  }

  /** Requests per second from {@code writers} at once, each on a connection of its own. */
  private static double requestsPerSecond(Http api, int writers, Request request) throws Exception {
    String authorization = TestAdministrator.basicAuthorization();
    return Writers.perSecond(
        writers,
        writes(writers),
        (writer, count) -> {
          try (var connection = new KeptAliveConnection(api.base(), authorization)) {
            for (int i = 0; i < count; i++) {
              var answer = request.send(connection, writer, i);
              assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
          }
        });
  }

  /** Upserts over a book of BOOK_SIZE contacts: the first rounds create it, later ones update. */
  private static void importBatch(Http api, int round, int size) {
    JsonArrayBuilder contacts = Json.createArrayBuilder();
    for (int i = 0; i < size; i++) {
      int n = (int) (((long) round * IMPORT_BATCH + i) % BOOK_SIZE);
      contacts.add(
          Json.createObjectBuilder()
              .add("id", "p" + n)
              .add("displayName", "Person " + n + " r" + round)
              .add("givenName", "Person")
              .add("familyName", "Number " + n)
              .add("department", "Department " + (n % 50))
              .add("emails", Json.createArrayBuilder().add("person" + n + "@example.com"))
              .add(
                  "phones",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("type", "work")
                              .add("number", "+1 555 " + n))));
    }
    Http.Reply reply = api.post("contacts/import", contacts.build());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static double[] latencies(Http api, String request, int count, boolean gzip) {
    double[] millis = new double[count];
    // a fresh token each series: it lasts two leases
    String[] token = BookChecks.enrolled(api, "bench");
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      var response =
          gzip
              ? api.postForBytes("sync", request, "Accept-Encoding", "gzip", token[0], token[1])
              : api.postForBytes("sync", request, token[0], token[1]);
      assertThat(response.statusCode()).isEqualTo(200);
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private static String percentiles(double[] sorted, double[] baseline) {
    double p50 = sorted[sorted.length / 2];
    double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
    String figures = String.format(Locale.ROOT, "%10.2f ms p50 %10.2f ms p99", p50, p99);
    if (baseline != null) {
      figures +=
          String.format(
              Locale.ROOT, "  (p50 %.1fx the line above)", p50 / baseline[baseline.length / 2]);
    }
    return figures;
  }

  private static String line(String kind, String what, Object... args) {
    return String.format(Locale.ROOT, "%-11s %-52s", kind, String.format(Locale.ROOT, what, args));
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
