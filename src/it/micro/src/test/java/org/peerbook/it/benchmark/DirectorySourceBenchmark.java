package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Http;
import org.peerbook.it.ServerProcess;

/**
 * Prints a directory source's figures: the full import of a directory of 100,000 people (time and
 * entries per second), a run over the same directory unchanged, and a run with 100 of them changed
 * (time, and the changes it made: exactly 100). The directory is UnboundID's in-memory server over
 * TCP; the data server runs on H2. A benchmark: it asserts only that the runs did the right thing.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark
 * -Dbenchmark=DirectorySourceBenchmark} ({@code -Dbenchmark.directory-entries=...} for another
 * size).
 */
class DirectorySourceBenchmark {
  private static final int ENTRIES = Integer.getInteger("benchmark.directory-entries", 100_000);
  private static final int CHANGED = 100;
  private static final String BASE = "ou=people,dc=example,dc=com";

  @Test
  void printFigures() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    config.addAdditionalBindCredentials("cn=reader,dc=example,dc=com", "bench-secret");
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
    directory.startListening();
    try {
      long loading = System.nanoTime();
      load(directory);
      double loadSeconds = (System.nanoTime() - loading) / 1e9;
      String prefix = "peerbook.directory.bench.";
      Map<String, String> settings =
          Map.of(
              "peerbook.directory.sources",
              "bench",
              prefix + "url",
              "ldap://127.0.0.1:" + directory.getListenPort(),
              prefix + "bind-dn",
              "cn=reader,dc=example,dc=com",
              prefix + "password",
              "bench-secret",
              prefix + "base-dn",
              BASE,
              prefix + "page-size",
              "1000",
              prefix + "interval",
              "off");
      try (var server =
          new ServerProcess(ServerProcess.workDirectory("bench-directory"), settings).start()) {
        Http api = server.api();
        System.out.println("=== PeerBook directory source benchmark ===");
        System.out.printf(
            Locale.ROOT,
            "directory: %,d inetOrgPerson entries (loaded in %.1f s)%n",
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

        for (int i = 0; i < CHANGED; i++) {
          int n = i * (ENTRIES / CHANGED);
          directory.modify(
              "cn=Person " + n + "," + BASE,
              new Modification(ModificationType.REPLACE, "title", "Changed " + i));
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
    } finally {
      directory.shutDown(true);
    }
  }

  private static void load(InMemoryDirectoryServer directory) throws Exception {
    List<Entry> entries = new ArrayList<>(ENTRIES + 2);
    entries.add(new Entry("dn: dc=example,dc=com", "objectClass: domain", "dc: example"));
    entries.add(new Entry("dn: " + BASE, "objectClass: organizationalUnit", "ou: people"));
    for (int n = 0; n < ENTRIES; n++) {
      entries.add(
          new Entry(
              "dn: cn=Person " + n + "," + BASE,
              "objectClass: inetOrgPerson",
              "cn: Person " + n,
              "givenName: Person",
              "sn: Number " + n,
              "mail: person" + n + "@example.com",
              "telephoneNumber: +1 555 " + n,
              "ou: Department " + (n % 50),
              "title: Engineer",
              "l: Site " + (n % 7)));
    }
    directory.addEntries(entries);
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
        "%-32s %8.1f s on the server (%.1f s seen by the client) %10.0f entries/s  %d created, %d updated, %d deleted, %d unchanged%n",
        what,
        serverSeconds,
        run.clientSeconds(),
        entries / serverSeconds,
        r.getInt("creates"),
        r.getInt("updates"),
        r.getInt("deletes"),
        r.getInt("unchanged"));
  }
}
