package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Http;
import org.peerbook.it.Metrics;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.swarm.Convergence;
import org.peerbook.it.swarm.Swarm;
import org.peerbook.it.swarm.SwarmAgent;

/**
 * Peer-assisted against centralized sync, side by side in one run: a swarm of real agents grows
 * through the sizes asked for; at each size every mode (centralized, then each strategy chain)
 * takes change batches of each size, and the data server's bytes and requests, the time and hops
 * until every agent holds the head, the peers' load and the registry's latency are measured, and
 * beside them what the server's {@code /metrics} say of each change (time to 50/99/100% of the
 * nodes, share of bytes from peers). Then fresh agents make their first full sync of a large book,
 * centralized and peer-assisted. Every agent's head is checked against the data server's after
 * every batch.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -am -Pbenchmark -Dbenchmark=SwarmBenchmark}; the
 * report and charts land in {@code src/it/micro/target/swarm-report/}. Options (system properties):
 * {@code benchmark.swarm.sizes} (default {@code 10,25,50}), {@code .batches} ({@code 1,100,10000}),
 * {@code .chains} ({@code network,least-loaded,random;random}), {@code .agentsPerJvm} ({@code 10}),
 * {@code .jvmHeap} ({@code 768m}), {@code .book} ({@code 1000}), {@code .fullSyncContacts} ({@code
 * 100000}, 0 to skip), {@code .fullSyncAgents} ({@code 10}), {@code .warmUps} ({@code 3}:
 * one-contact changes before each mode's measured ones, not reported).
 */
class SwarmBenchmark {
  private static final List<Integer> SIZES = ints("benchmark.swarm.sizes", "10,25,50");
  private static final List<Integer> BATCHES = ints("benchmark.swarm.batches", "1,100,10000");
  private static final List<String> CHAINS =
      List.of(
          System.getProperty("benchmark.swarm.chains", "network,least-loaded,random;random")
              .split(";"));
  private static final int PER_JVM = Integer.getInteger("benchmark.swarm.agentsPerJvm", 10);
  private static final String JVM_HEAP = System.getProperty("benchmark.swarm.jvmHeap", "768m");
  private static final int BOOK = Integer.getInteger("benchmark.swarm.book", 1000);
  private static final int FULL_SYNC_CONTACTS =
      Integer.getInteger("benchmark.swarm.fullSyncContacts", 100_000);
  private static final int FULL_SYNC_AGENTS =
      Integer.getInteger("benchmark.swarm.fullSyncAgents", 10);
  private static final Duration CONVERGENCE = Duration.ofMinutes(20);
  // changes before each mode's measured ones: a cold swarm's JVMs spend half the CPU of the 2
  // cores compiling (async-profiler: 49% of the server's samples in C1 and C2), which a fleet of
  // agents running for days does not
  private static final int WARM_UPS = Integer.getInteger("benchmark.swarm.warmUps", 3);
  private static final int DATA_SERVER_SLOTS = 4;

  /** How the resource manager allocates: the prior art, or a strategy chain. */
  private record Mode(String name, String allocation) {
    static Mode centralized(int agents) {
      return new Mode(
          SwarmReport.CENTRALIZED,
          "{\"peerAssisted\":false,\"dataServerSlots\":" + Math.max(agents, 1) + "}");
    }

    static Mode peerAssisted(String chain) {
      return new Mode(
          chain,
          "{\"peerAssisted\":true,\"dataServerSlots\":"
              + DATA_SERVER_SLOTS
              + ",\"chain\":\""
              + chain
              + "\"}");
    }
  }

  private final SwarmReport report = new SwarmReport();
  private int revision;
  private Http root;

  @Test
  void printFigures() {
    System.setProperty("java.awt.headless", "true");
    Path home = ServerProcess.workDirectory("bench-swarm");
    try (var server =
        new ServerProcess(
                home.resolve("server"),
                Map.of(
                    "peerbook.registry.lease-seconds",
                    "10",
                    "peerbook.allocation.retry-after-seconds",
                    "2",
                    "peerbook.allocation.data-server-slots",
                    Integer.toString(DATA_SERVER_SLOTS),
                    // as shipped: the build's environment sets 0 for the tests' own server
                    "peerbook.allocation.data-server-stagger-ms",
                    "2000"))
            .start()) {
      Http api = server.api();
      root = server.root();
      importContacts(api, "member-", BOOK, "Member");
      report.note(
          "Leases of 10 s (a heartbeat every 3.3 s, each held until a new head: agents hear of a"
              + " change within a round trip), a sync jitter"
              + " of up to 1 s or N / 500 s if shorter, "
              + DATA_SERVER_SLOTS
              + " data-server slots in peer-assisted modes, staggered by 2 s (as many as agents"
              + " when centralized),"
              + " a retry hint of 2 s, k = 3 sources per answer, at most 8 peers served at once."
              + " Each mode's figures follow "
              + WARM_UPS
              + " one-contact changes that are not reported (the JVMs compile meanwhile).");
      try (var swarm = new Swarm(home.resolve("swarm"), "swarm", settings(api))) {
        for (int size : SIZES) {
          configure(api, Mode.peerAssisted(CHAINS.get(0)));
          swarm.grow(size - swarm.agents().size());
          Convergence.await(
              api, swarm.agents(), BookChecks.head(api).version(), System.nanoTime(), CONVERGENCE);
          for (Mode mode : modes(size)) {
            measureChanges(api, swarm, mode);
          }
        }
        report.note(
            String.format(
                "Resident memory of the %d agents' JVMs together: %d MiB.",
                swarm.agents().size(), swarm.residentKibibytes() / 1024));
        report.note("Busiest moment of any one agent: " + peakSessions(swarm) + " peers at once.");
      }
      if (FULL_SYNC_CONTACTS > 0) {
        measureFirstFullSync(api, home);
      }
    }
    String markdown = report.write(Path.of("target", "swarm-report"));
    System.out.println(markdown);
  }

  private List<Mode> modes(int agents) {
    List<Mode> modes = new ArrayList<>();
    modes.add(Mode.centralized(agents));
    CHAINS.forEach(chain -> modes.add(Mode.peerAssisted(chain)));
    return modes;
  }

  private void measureChanges(Http api, Swarm swarm, Mode mode) {
    configure(api, mode);
    for (int i = 0; i < WARM_UPS; i++) {
      importContacts(api, "member-", 1, "Member (warm-up " + ++revision + ")");
      Convergence.await(
          api, swarm.agents(), BookChecks.head(api).version(), System.nanoTime(), CONVERGENCE);
    }
    api.delete("registry/admin/stats/request-latency");
    for (int batch : BATCHES) {
      JsonObject before = syncStats(api);
      Map<String, JsonObject> servedBefore = served(statuses(swarm));
      Metrics metricsBefore = Metrics.read(root);
      importContacts(api, "member-", batch, "Member (revision " + ++revision + ")");
      long changed = System.nanoTime();
      long head = BookChecks.head(api).version();
      Convergence convergence = Convergence.await(api, swarm.agents(), head, changed, CONVERGENCE);
      double seconds = (System.nanoTime() - changed) / 1e9;
      JsonObject after = syncStats(api);
      Map<String, JsonObject> statuses = statuses(swarm);
      assertEveryHeadIs(api, statuses);
      Map<String, JsonObject> servedAfter = served(statuses);
      double busy = 0;
      long most = 0;
      for (var agent : servedAfter.entrySet()) {
        JsonObject was = servedBefore.get(agent.getKey());
        busy +=
            agent.getValue().getJsonNumber("busySeconds").doubleValue()
                - was.getJsonNumber("busySeconds").doubleValue();
        most =
            Math.max(
                most,
                agent.getValue().getJsonNumber("requests").longValue()
                    - was.getJsonNumber("requests").longValue());
      }
      SwarmReport.ChangeRun run =
          new SwarmReport.ChangeRun(
              swarm.agents().size(),
              mode.name(),
              batch,
              delta(before, after, "requests"),
              delta(before, after, "bytesSent"),
              convergence.median(),
              convergence.slowest(),
              convergence.rounds(),
              busy / seconds / swarm.agents().size(),
              most,
              convergence.secondsToHead(),
              registryView(metricsBefore, head));
      report.add(run);
      System.out.printf(
          "%3d agents  %-28s batch %5d: data server %4d requests %,12d bytes;"
              + " all at head in %5.1f s, %d hops%n",
          run.agents(),
          run.mode(),
          batch,
          run.dataServerRequests(),
          run.dataServerBytes(),
          run.slowestSeconds(),
          run.rounds());
    }
    JsonObject latency = api.get("registry/admin/stats").object().getJsonObject("requestLatency");
    report.add(
        new SwarmReport.Latency(
            swarm.agents().size(),
            mode.name(),
            latency.getJsonNumber("requests").longValue(),
            latency.getJsonNumber("p50Millis").doubleValue(),
            latency.getJsonNumber("p99Millis").doubleValue()));
  }

  /**
   * What {@code /metrics} says of the change to {@code head}, once every node's heartbeat has told
   * the registry it holds it (the agents' own word came first: they report right after their sync).
   */
  private SwarmReport.RegistryView registryView(Metrics before, long head) {
    String all = "peerbook_version_spread_version{share=\"1.0\"}";
    await("the registry counts every node at version " + head)
        .atMost(Duration.ofMinutes(1))
        .until(() -> Metrics.read(root).get(all) >= head);
    Metrics after = Metrics.read(root);
    String peer = "peerbook_sync_received_bytes{source=\"peer\"}";
    String dataServer = "peerbook_sync_received_bytes{source=\"data_server\"}";
    double fromPeers = after.get(peer) - before.get(peer);
    double received = fromPeers + after.get(dataServer) - before.get(dataServer);
    return new SwarmReport.RegistryView(
        spread(after, "0.5", head),
        spread(after, "0.99", head),
        spread(after, "1.0", head),
        received == 0 ? 0 : fromPeers / received);
  }

  /** Seconds until {@code share} of the nodes held {@code head}; NaN if about another version. */
  private static double spread(Metrics metrics, String share, long head) {
    boolean aboutHead =
        metrics.get("peerbook_version_spread_version{share=\"" + share + "\"}") == head;
    return aboutHead
        ? metrics.get("peerbook_version_spread_seconds{share=\"" + share + "\"}")
        : Double.NaN;
  }

  private void measureFirstFullSync(Http api, Path home) {
    importContacts(api, "person-", FULL_SYNC_CONTACTS, "Person");
    long head = BookChecks.head(api).version();
    // fresh agents are below the retained log: they get the book as a snapshot
    api.post("book/compaction", "{\"floor\":" + head + "}");
    for (Mode mode :
        List.of(Mode.centralized(FULL_SYNC_AGENTS), Mode.peerAssisted(CHAINS.get(0)))) {
      configure(api, mode);
      JsonObject before = syncStats(api);
      long started = System.nanoTime();
      String name = "fresh-" + mode.name().replace(',', '-');
      try (var fresh = new Swarm(home.resolve(name), name, settings(api))) {
        fresh.grow(FULL_SYNC_AGENTS);
        Convergence convergence =
            Convergence.await(api, fresh.agents(), head, started, CONVERGENCE);
        JsonObject after = syncStats(api);
        assertEveryHeadIs(api, statuses(fresh));
        report.add(
            new SwarmReport.FullSync(
                mode.name(),
                FULL_SYNC_AGENTS,
                FULL_SYNC_CONTACTS + BOOK,
                delta(before, after, "requests"),
                delta(before, after, "bytesSent"),
                convergence.median(),
                convergence.slowest(),
                convergence.rounds()));
        System.out.printf(
            "first full sync, %-28s: %d agents at head in %.1f s%n",
            mode.name(), FULL_SYNC_AGENTS, convergence.slowest());
      }
    }
    report.note(
        "The first full sync counts from the start of the agents' JVMs, so it includes their"
            + " start-up and registration.");
  }

  private static Swarm.Settings settings(Http api) {
    return new Swarm.Settings(api.base(), PER_JVM, JVM_HEAP, 8, 1000);
  }

  private static void configure(Http api, Mode mode) {
    Http.Reply reply = api.put("registry/admin/allocation", mode.allocation());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  /** Upserts contacts {@code prefix0..count-1} in imports of at most 10,000. */
  private static void importContacts(Http api, String prefix, int count, String name) {
    for (int start = 0; start < count; start += 10_000) {
      JsonArrayBuilder contacts = Json.createArrayBuilder();
      for (int i = start; i < Math.min(count, start + 10_000); i++) {
        contacts.add(
            Json.createObjectBuilder()
                .add("id", prefix + i)
                .add("displayName", (i % 5 == 0 ? "刘洋 " : name + " ") + i)
                .add("department", "Department " + i % 40)
                .add("emails", Json.createArrayBuilder().add(prefix + i + "@example.com")));
      }
      Http.Reply reply = api.post("contacts/import", contacts.build());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
  }

  private static JsonObject syncStats(Http api) {
    return api.get("sync/stats").object();
  }

  private static long delta(JsonObject before, JsonObject after, String counter) {
    return after.getJsonNumber(counter).longValue() - before.getJsonNumber(counter).longValue();
  }

  /** Each agent's status by node id, read once per batch. */
  private static Map<String, JsonObject> statuses(Swarm swarm) {
    Map<String, JsonObject> statuses = new HashMap<>();
    for (SwarmAgent agent : swarm.agents()) {
      statuses.put(agent.nodeId(), agent.status());
    }
    return statuses;
  }

  private static Map<String, JsonObject> served(Map<String, JsonObject> statuses) {
    Map<String, JsonObject> served = new HashMap<>();
    statuses.forEach((node, status) -> served.put(node, status.getJsonObject("served")));
    return served;
  }

  private static int peakSessions(Swarm swarm) {
    return swarm.agents().stream()
        .mapToInt(agent -> agent.status().getJsonObject("served").getInt("peak"))
        .max()
        .orElse(0);
  }

  /** No agent left behind, none on another chain: every head is the data server's. */
  private static void assertEveryHeadIs(Http api, Map<String, JsonObject> statuses) {
    String hash = BookChecks.head(api).hash();
    statuses.forEach(
        (node, status) -> assertThat(status.getString("headHash")).as(node).isEqualTo(hash));
  }

  private static List<Integer> ints(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .map(String::trim)
        .map(Integer::valueOf)
        .toList();
  }
}
