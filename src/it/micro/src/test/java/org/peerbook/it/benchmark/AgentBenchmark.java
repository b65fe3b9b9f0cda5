package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.peerbook.it.AgentProcess;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Http;
import org.peerbook.it.ServerProcess;

/**
 * Prints the agent's figures: the first sync of a 100,000-contact book from the data server and
 * then from a peer, local search latency over those contacts (against the status call as a
 * baseline), the same over LDAP and browsing the whole book sorted ({@link LdapFigures}), the
 * agent's resident memory, and restarts at and behind the head.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark -Dbenchmark=AgentBenchmark}.
 */
class AgentBenchmark {
  private static final int CONTACTS = Integer.getInteger("benchmark.contacts", 100_000);
  private static final int QUERIES = Integer.getInteger("benchmark.queries", 1_000);
  private static final int DELTA = Math.min(10_000, CONTACTS);
  // snapshots stream into the store: the agents need no room for a whole book
  private static final String AGENT_HEAP = System.getProperty("benchmark.agentHeap", "256m");
  // e.g. -Dbenchmark.agentJvmOptions="-XX:+UseSerialGC": what a launcher's defaults would cost
  private static final java.util.List<String> AGENT_JVM_OPTIONS =
      java.util.Arrays.stream(System.getProperty("benchmark.agentJvmOptions", "").split("\\s+"))
          .filter(option -> !option.isBlank())
          .toList();

  @Test
  void printFigures() throws Exception {
    var home = ServerProcess.workDirectory("bench-agent");
    try (var server =
            new ServerProcess(
                    home.resolve("server"), Map.of("peerbook.registry.lease-seconds", "3600"))
                .start();
        var b = new AgentProcess(home.resolve("agent-b"), AGENT_HEAP, AGENT_JVM_OPTIONS);
        var a = new AgentProcess(home.resolve("agent-a"), AGENT_HEAP, AGENT_JVM_OPTIONS)) {
      Http api = server.api();
      long importStarted = System.nanoTime();
      for (int start = 0; start < CONTACTS; start += 10_000) {
        var contacts = Json.createArrayBuilder();
        for (int i = start; i < Math.min(CONTACTS, start + 10_000); i++) {
          contacts.add(person(i, "Department " + i % 50));
        }
        assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      }
      double importSeconds = seconds(importStarted);
      long head = BookChecks.head(api).version();
      // a new client below the retained log gets the book as a snapshot, which the data server
      // builds ahead after the compaction: the agents' figures do not include that build
      long compacted = System.nanoTime();
      api.post("book/compaction", "{\"floor\":" + head + "}");
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> BookChecks.cachedSnapshotVersion(api) >= head);
      double buildSeconds = seconds(compacted);

      System.out.println("=== PeerBook agent benchmark (" + CONTACTS + " contacts) ===");
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.1f s (%.0f changes/s)%n",
          "bulk import into the data server",
          importSeconds,
          CONTACTS / importSeconds);
      System.out.printf(
          Locale.ROOT, "%-52s %8.1f s%n", "snapshot built ahead by the data server", buildSeconds);
      Arrival fromServer = timeToHead(b, api, head, "127.0.11.1");
      // A is to find B ahead of it: B tells the registry its version once its copy is there
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  api.get("registry/admin/nodes/" + b.nodeId())
                          .object()
                          .getJsonNumber("version")
                          .longValue()
                      >= head);
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.1f s  (%s)%n",
          "first sync of B from the data server (snapshot)",
          fromServer.seconds(),
          fromServer.phases());
      long servedBefore = api.get("sync/stats").object().getJsonNumber("requests").longValue();
      int ldapPort = freePort();
      Arrival fromPeer = timeToHead(a, api, head, "127.0.11.2", "--ldap", "127.0.0.1:" + ldapPort);
      long servedAfter = api.get("sync/stats").object().getJsonNumber("requests").longValue();
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.1f s  (%.2fx the data server's time; data server requests during it: %d;"
              + " %s)%n",
          "first sync of A from peer B",
          fromPeer.seconds(),
          fromPeer.seconds() / fromServer.seconds(),
          servedAfter - servedBefore,
          fromPeer.phases());
      assertThat(a.status().getJsonArray("lastSources").getString(0)).isEqualTo(b.nodeId());

      Random random = new Random(11);
      double[] status = latencies(a, i -> "lookup/status");
      double[] byName =
          latencies(a, i -> "lookup/contacts?q=" + encode("family" + random.nextInt(CONTACTS)));
      double[] byPrefix =
          latencies(
              a,
              i ->
                  "lookup/contacts?q="
                      + encode(
                          random.nextBoolean()
                              ? "王" + random.nextInt(100)
                              : "person " + random.nextInt(1000)));
      // what a mail client asks when the first letter is typed: tens of thousands share it
      double[] byFirstLetter =
          latencies(
              a,
              i ->
                  "lookup/contacts?limit=50&q="
                      + encode(List.of("p", "g", "f", "王").get(random.nextInt(4))));
      double[] byEmail =
          latencies(
              a,
              i ->
                  "lookup/contacts?email="
                      + encode("p" + random.nextInt(CONTACTS) + "@EXAMPLE.com"));
      double[] byDepartment =
          latencies(
              a,
              i ->
                  "lookup/contacts?limit=50&department="
                      + encode("department " + random.nextInt(50)));
      // the whole number as a caller's telephone would show it
      double[] byPhone =
          latencies(
              a, i -> "lookup/contacts?phone=" + encode("+1 555 " + random.nextInt(CONTACTS)));
      // an extension: the number's last four digits, which ten people's numbers end with
      double[] byExtension =
          latencies(
              a, i -> "lookup/contacts?phone=" + String.format("%04d", random.nextInt(10_000)));
      double[] statusThroughHttpClient = latenciesThroughHttpClient(a, i -> "lookup/status");
      print("status call through the JDK's HttpClient", statusThroughHttpClient, null);
      print("status call (baseline)", status, null);
      print("search by family name", byName, status);
      print("search by name prefix (many matches, 50 shown)", byPrefix, status);
      print("search by a first letter (50 shown)", byFirstLetter, status);
      print("search by e-mail", byEmail, status);
      print("search by department (50 shown)", byDepartment, status);
      print("search by phone number", byPhone, status);
      print("search by a number's last 4 digits", byExtension, status);
      System.out.printf(
          Locale.ROOT,
          "%-52s %8d MiB (B: %d MiB; -Xmx%s %s)%n",
          "resident memory of agent A",
          a.residentKibibytes() / 1024,
          b.residentKibibytes() / 1024,
          AGENT_HEAP,
          String.join(" ", AGENT_JVM_OPTIONS));
      LdapFigures.print(ldapPort, CONTACTS, QUERIES);
      System.out.printf(
          Locale.ROOT,
          "%-52s %8d MiB%n",
          "resident memory of agent A after the LDAP figures",
          a.residentKibibytes() / 1024);
      // a 10,000-entry delta: A restarts behind it and takes it from the data server; a restart at
      // the head is the baseline. B stops first: its held heartbeat would tell it of the delta at
      // once, and its copy of it would share the two cores with A's.
      a.close();
      double restartAtHead = timeToHead(a, api, head, "127.0.11.2").seconds();
      a.close();
      b.close();
      changeDepartments(api, DELTA);
      long deltaHead = BookChecks.head(api).version();
      Arrival behind = timeToHead(a, api, deltaHead, "127.0.11.2");
      double restartBehind = behind.seconds();
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.1f s%n",
          "A restarted at the head: start to lookups at the head",
          restartAtHead);
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.1f s  (a restart at the head: %.1f s; the delta: %.1f s; its entries in"
              + " after %.1f s, then %.1f s committing)%n",
          "A restarted " + DELTA + " changes behind",
          restartBehind,
          restartAtHead,
          restartBehind - restartAtHead,
          behind.committing(),
          restartBehind - behind.committing());
      System.out.println("=====================================================");
    }
  }

  static JsonObjectBuilder person(int i, String department) {
    return Json.createObjectBuilder()
        .add("id", "p" + i)
        .add("displayName", (i % 3 == 0 ? "王" : "Person ") + i)
        .add("givenName", "Given" + i % 1000)
        .add("familyName", "Family" + i)
        .add("department", department)
        .add("emails", Json.createArrayBuilder().add("p" + i + "@example.com"))
        .add(
            "phones",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "work").add("number", "+1 555 " + i)));
  }

  /** Moves the first {@code count} people to another department, one change each. */
  private static void changeDepartments(Http api, int count) {
    var contacts = Json.createArrayBuilder();
    for (int i = 0; i < count; i++) {
      contacts.add(person(i, "Moved " + i % 50));
    }
    assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
  }

  /**
   * When an agent started reached the head (its copy answers lookups at it), when its status first
   * said its sync was committing (for a snapshot: every contact in; {@code NaN} if never seen), and
   * when it no longer said it was building the copy's search indexes.
   */
  private record Arrival(double seconds, double committing, double indexed) {
    String phases() {
      if (Double.isNaN(committing)) {
        return String.format(
            Locale.ROOT,
            "its commit and file move too short for the status polled every 0.1 s to show;"
                + " search indexes in %.1f s after that",
            indexed - seconds);
      }
      return String.format(
          Locale.ROOT,
          "contacts in after %.1f s, then %.1f s committing and moving the file in;"
              + " search indexes in %.1f s after that",
          committing,
          seconds - committing,
          indexed - seconds);
    }
  }

  private static Arrival timeToHead(
      AgentProcess agent, Http api, long head, String host, String... options) {
    long started = System.nanoTime();
    agent.start(api.base(), host, options);
    double[] committing = {Double.NaN};
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonObject status = agent.status();
              if (Double.isNaN(committing[0])
                  && status.get("sync") instanceof JsonObject sync
                  && "COMMITTING".equals(sync.getString("phase", ""))) {
                committing[0] = seconds(started);
              }
              return status.getJsonNumber("version").longValue() >= head;
            });
    double live = seconds(started);
    // the lookups measured next, and the next agent's sync from this one, find the indexes in
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !agent.status().getBoolean("indexing"));
    return new Arrival(live, committing[0], seconds(started));
  }

  /**
   * Over one kept-alive connection ({@link KeptAliveConnection}): the agent's answer and the wire.
   * The JDK's HttpClient hands each request between the caller, its selector thread and its
   * executor, each a wait for a core on two busy cores: most of the tail measured through it.
   */
  private static double[] latencies(AgentProcess agent, IntFunction<String> path)
      throws java.io.IOException {
    try (var lookups =
        new KeptAliveConnection(
            agent.lookups().base(), org.peerbook.it.TestAdministrator.basicAuthorization())) {
      return timed(path, asked -> lookups.get(asked).status());
    }
  }

  /** The same through the JDK's HttpClient, as the tests' {@link Http} sends. */
  private static double[] latenciesThroughHttpClient(AgentProcess agent, IntFunction<String> path)
      throws java.io.IOException {
    Http lookups = agent.lookups();
    return timed(path, asked -> lookups.get(asked).status());
  }

  /** One GET that answers its status. */
  private interface Get {
    int status(String path) throws java.io.IOException;
  }

  /** {@link #QUERIES} GETs of {@code path}, each timed, sorted. */
  private static double[] timed(IntFunction<String> path, Get get) throws java.io.IOException {
    double[] millis = new double[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      String asked = path.apply(i);
      long started = System.nanoTime();
      assertThat(get.status(asked)).isEqualTo(200);
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  static void print(String what, double[] sorted, double[] baseline) {
    double p50 = sorted[sorted.length / 2];
    double p99 = sorted[(int) (sorted.length * 0.99)];
    String ratio =
        baseline == null
            ? ""
            : String.format(
                Locale.ROOT, "  (p50 %.1fx the baseline)", p50 / baseline[baseline.length / 2]);
    System.out.printf(Locale.ROOT, "%-52s p50 %6.2f ms  p99 %6.2f ms%s%n", what, p50, p99, ratio);
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
