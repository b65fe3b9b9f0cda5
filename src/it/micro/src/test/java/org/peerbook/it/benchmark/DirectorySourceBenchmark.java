package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import jakarta.json.JsonObject;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Http;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.Slapd;

/**
 * Prints a directory source's figures: the full import of a directory of 100,000 people (time and
 * entries per second), a run over the same directory unchanged, and a run with 100 of them changed
 * (time, and the changes it made: exactly 100). The directory is OpenLDAP's slapd (loaded with
 * slapadd), not UnboundID's in-memory server: that one re-runs the whole search for every page, so
 * its paged reads grow with the square of the directory. The data server runs on H2. A benchmark:
 * it asserts only that the runs did the right thing.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark
 * -Dbenchmark=DirectorySourceBenchmark} ({@code -Dbenchmark.directory-entries=...} for another
 * size).
 */
class DirectorySourceBenchmark {
  private static final int ENTRIES = Integer.getInteger("benchmark.directory-entries", 100_000);
  private static final int CHANGED = 100;

  @Test
  void printFigures() throws Exception {
    Path home = ServerProcess.workDirectory("bench-slapd");
    long loading = System.nanoTime();
    try (Slapd directory = new Slapd(home).preload(ldif(home)).start()) {
      double loadSeconds = (System.nanoTime() - loading) / 1e9;
      Map<String, String> settings = new HashMap<>(directory.sourceSettings("bench", 1000));
      settings.put("peerbook.directory.sources", "bench");
      settings.put("peerbook.directory.bench.timeout", "PT5M");
      try (var server =
          new ServerProcess(ServerProcess.workDirectory("bench-directory"), settings).start()) {
        Http api = server.api();
        System.out.println("=== PeerBook directory source benchmark ===");
        System.out.printf(
            Locale.ROOT,
            "directory: OpenLDAP slapd, %,d inetOrgPerson entries (slapadd in %.1f s), pages of"
                + " 1,000; data server on H2%n",
            ENTRIES,
            loadSeconds);

        Run full = run(api);
        assertThat(full.report().getInt("creates")).isEqualTo(ENTRIES);
        assertThat(api.get("contacts?limit=1").object().getInt("total")).isEqualTo(ENTRIES);
        print("full import", full, ENTRIES);

        long head = BookChecks.head(api).version();
        Run unchanged = run(api);
        assertThat(unchanged.report().getInt("unchanged")).isEqualTo(ENTRIES);
        assertThat(BookChecks.head(api).version()).isEqualTo(head);
        print("run, nothing changed", unchanged, ENTRIES);

        try (LDAPConnection ldap = directory.connect()) {
          for (int i = 0; i < CHANGED; i++) {
            int n = i * (ENTRIES / CHANGED);
            ldap.modify(
                "cn=Person " + n + "," + Slapd.PEOPLE,
                new Modification(ModificationType.REPLACE, "title", "Changed " + i));
          }
        }
        Run incremental = run(api);
        JsonObject report = incremental.report();
        assertThat(report.getInt("updates")).isEqualTo(CHANGED);
        assertThat(report.getInt("creates") + report.getInt("deletes")).isZero();
        assertThat(BookChecks.head(api).version()).isEqualTo(head + CHANGED);
        print("run, " + CHANGED + " entries changed", incremental, ENTRIES);
        System.out.printf(
            Locale.ROOT,
            "changes made by that run: %d updates, %d creates, %d deletes; book version %d -> %d%n",
            report.getInt("updates"),
            report.getInt("creates"),
            report.getInt("deletes"),
            head,
            BookChecks.head(api).version());
        System.out.println("===========================================");
      }
    }
  }

  /** The benchmark's directory as LDIF, for slapadd: the base entries and ENTRIES people. */
  private static Path ldif(Path home) throws Exception {
    Files.createDirectories(home);
    Path file = home.resolve("people.ldif");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("dn: " + Slapd.SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\n");
      out.write("dc: example\no: Example\n\n");
      out.write("dn: " + Slapd.PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n");
      for (int n = 0; n < ENTRIES; n++) {
        out.write("dn: cn=Person " + n + "," + Slapd.PEOPLE + "\n");
        out.write("objectClass: inetOrgPerson\ncn: Person " + n + "\ngivenName: Person\n");
        out.write("sn: Number " + n + "\nmail: person" + n + "@example.com\n");
        out.write("telephoneNumber: +1 555 " + n + "\nou: Department " + (n % 50) + "\n");
        out.write("title: Engineer\nl: Site " + (n % 7) + "\n\n");
      }
    }
    return file;
  }

  private record Run(double clientSeconds, JsonObject report) {}

  /**
   * Starts a run and waits for it through the source's status: a full import may outlast an HTTP
   * client's patience, the run does not depend on it.
   */
  private static Run run(Http api) {
    String before = lastRunStart(api);
    long started = System.nanoTime();
    CompletableFuture.runAsync(() -> api.post("directory/sources/bench/runs", ""));
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonObject source = api.get("directory/sources/bench").object();
              return !source.getBoolean("running")
                  && !source.isNull("lastRun")
                  && !source.getJsonObject("lastRun").getString("startedAt").equals(before);
            });
    double seconds = (System.nanoTime() - started) / 1e9;
    JsonObject report = api.get("directory/sources/bench").object().getJsonObject("lastRun");
    assertThat(report.getString("status")).as(report.toString()).isEqualTo("succeeded");
    return new Run(seconds, report);
  }

  private static String lastRunStart(Http api) {
    JsonObject source = api.get("directory/sources/bench").object();
    return source.isNull("lastRun") ? "" : source.getJsonObject("lastRun").getString("startedAt");
  }

  private static void print(String what, Run run, int entries) {
    JsonObject r = run.report();
    double serverSeconds =
        Duration.between(
                    Instant.parse(r.getString("startedAt")), Instant.parse(r.getString("endedAt")))
                .toMillis()
            / 1e3;
    System.out.printf(
        Locale.ROOT,
        "%-26s %7.1f s (client %.1f s) %7.0f entries/s; directory %.1f s, compare %.1f s,"
            + " record %.1f s; %d created, %d updated, %d deleted, %d unchanged%n",
        what,
        serverSeconds,
        run.clientSeconds(),
        entries / serverSeconds,
        r.getJsonObject("phaseMillis").getInt("directory") / 1e3,
        r.getJsonObject("phaseMillis").getInt("compare") / 1e3,
        r.getJsonObject("phaseMillis").getInt("record") / 1e3,
        r.getInt("creates"),
        r.getInt("updates"),
        r.getInt("deletes"),
        r.getInt("unchanged"));
  }
}
