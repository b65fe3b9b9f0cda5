package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Databases;
import org.peerbook.it.Http;
import org.peerbook.it.Registrations;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.TestAdministrator;
import org.peerbook.it.benchmark.InterleavedLoad.Call;
import org.peerbook.it.benchmark.InterleavedLoad.Kind;
import org.peerbook.it.benchmark.KeptAliveConnection.Answer;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.WireJson;

/**
 * Prints how fast the resource manager answers "whom shall I sync from?" with 10,000 and then
 * 100,000 registered nodes (half of them at the head), next to a trivial JAX-RS endpoint of the
 * same server measured in slices taken in turn with each ({@link InterleavedLoad}; the ratio is the
 * figure), and what proving versions costs: heartbeats without a head, with the genuine signed head
 * (verified once, then remembered) and with a distinct forged head each time (verified every time,
 * refused), and what a registration costs, warm (batches of 2,000 new nodes after the rest, until
 * one costs about what the one before did; the table's filling is printed too, but runs while the
 * compilers are at work). Then the same with 10,000 nodes on one member of a cluster of three
 * (PostgreSQL, the node table on the data grid), with what each request costs there against the
 * single server: CPU time per request (of every member's JVM together; also divided by the trivial
 * endpoint's own ratio over all its slices, which is what three JVMs on the same cores cost any
 * request, so that what the grid adds shows apart) and throughput with the same eight connections
 * (which the cluster's round trips on the grid hold back while the machine idles). Measured after
 * warm-up rounds, on kept-alive HTTP/1.1 connections of a minimal client (as wrk would): the JDK's
 * HttpClient takes about as much CPU per request as the server, on the same cores.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark -Dbenchmark=RegistryBenchmark}
 * ({@code -Dbenchmark.nodes=10000,100000}: the table sizes, growing; {@code
 * -Dbenchmark.cluster=false} skips the cluster).
 */
class RegistryBenchmark {
  private static final int[] SIZES =
      Arrays.stream(System.getProperty("benchmark.nodes", "10000,100000").split(","))
          .map(String::trim)
          .mapToInt(Integer::parseInt)
          .sorted()
          .toArray();
  private static final boolean CLUSTER =
      Boolean.parseBoolean(System.getProperty("benchmark.cluster", "true"));
  private static final int THREADS = 8;
  private static final String TRIVIAL = "trivial endpoint";
  private static final int REQUESTS = 20_000;

  /** Slices of each kind of request, taken in turn (see {@link #inTurn}). */
  private static final int SLICES = 6;

  private static final int STEADY_SECONDS = 12;
  private static final int STEADY_SENDERS = 64;
  // the server's optimizing compiler works for a minute or more after its start, on one of 2 cores
  private static final int WARM_UP_REQUESTS = 5_000;
  private static final int WARM_UP_ROUNDS = 10;
  private static final int WARM_REGISTRATIONS = 2_000;
  private static final int WARM_REGISTRATION_BATCHES = 6;
  private static int nodes;

  /** The trivial endpoint every figure is compared with: the cost of any request on this server. */
  private static final Kind TRIVIAL_GET =
      new Kind((connection, i) -> connection.get("registry/admin/allocation"), 200);

  /** A heartbeat of a node at version 0: it keeps the node where it was, with nothing to verify. */
  private static final String UNPROVEN = "{\"version\":0,\"load\":0}";

  /**
   * The trivial endpoint's slices at this size, all together: what any request costs on this server
   * meanwhile, the figure a cluster's is compared with.
   */
  private static TimedRequests trivialInSlices;

  /** The CPU time the server (every member of a cluster) has used so far. */
  private static LongSupplier serverCpuNanos;

  /** The CPU time each member of a cluster has used so far; {@code null} for one server. */
  private static Supplier<long[]> memberCpuNanos;

  @Test
  void printFigures() throws Exception {
    Map<String, String> settings =
        Map.of(
            "peerbook.registry.lease-seconds",
            "3600",
            "peerbook.registry.enrollment-secret",
            Registrations.SECRET);
    Map<String, double[]> single;
    try (var server =
        new ServerProcess(ServerProcess.workDirectory("bench-registry"), settings).start()) {
      serverCpuNanos = () -> server.cpuTime().toNanos();
      single = measureGrowing(server.api(), SIZES, "");
    }
    if (CLUSTER) {
      measureCluster(settings, single);
    }
    System.out.println("==========================================================");
  }

  /**
   * Registers nodes up to each size in turn and measures there.
   *
   * @return the figures at the first size, by what was measured
   */
  private static Map<String, double[]> measureGrowing(Http api, int[] sizes, String where)
      throws Exception {
    api.put("contacts/bench-seed", "{\"displayName\":\"Seed\"}");
    long head = BookChecks.head(api).version();
    SignedHead genuine = Registrations.signedHead(api, head);
    nodes = 0;
    Map<String, double[]> first = null;
    for (int size : sizes) {
      double[] filling = register(api, head, size - nodes);
      System.out.println(
          "=== PeerBook resource manager benchmark (" + size + " nodes" + where + ") ===");
      printRegistrations("registrations (filling the table)", filling);
      if (first == null) {
        System.out.printf(
            Locale.ROOT,
            "%-44s %9d rounds%n",
            "warm-up: trivial GETs, sources, heartbeats until steady",
            warmUp(api));
      }
      Map<String, double[]> figures = measureAt(api, head, genuine);
      // the table filled while the server's compilers were still at work (in a cluster, on three
      // JVMs at once, and still for seconds after: JFR): batches of new nodes until one costs
      // about what the one before did
      double[] warm = register(api, head, WARM_REGISTRATIONS);
      int batches = 1;
      while (batches < WARM_REGISTRATION_BATCHES) {
        double[] next = register(api, head, WARM_REGISTRATIONS);
        batches++;
        boolean steady = next[3] >= 0.95 * warm[3];
        warm = next;
        if (steady) {
          break;
        }
      }
      printRegistrations(
          "registrations (" + batches + " batches of " + WARM_REGISTRATIONS + " more, the last)",
          warm);
      figures.put("registrations", warm);
      if (first == null) {
        first = figures;
      }
    }
    return first;
  }

  /**
   * Registers {@code count} new nodes (every other one proving the head) on eight connections.
   *
   * @return registrations per second and the server's CPU time per registration, in the places
   *     {@link #measure} puts them
   */
  private static double[] register(Http api, long head, int count) throws Exception {
    int registered = nodes;
    long started = System.nanoTime();
    long[] membersBefore = memberCpuNanos == null ? null : memberCpuNanos.get();
    long cpuBefore = serverCpuNanos.getAsLong();
    InterleavedLoad.run(
        THREADS,
        count,
        i -> {
          int n = registered + i;
          String ip = "127." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
          Registrations.registered(api, "n" + n, ip, n % 2 == 0 ? head : 0);
        });
    nodes = registered + count;
    double perSecond = count / ((System.nanoTime() - started) / 1e9);
    double cpuPerRegistration = (serverCpuNanos.getAsLong() - cpuBefore) / 1e6 / count;
    if (membersBefore != null) {
      System.out.println("  registrations" + byMember(membersBefore, count));
    }
    return new double[] {perSecond, 0, 0, cpuPerRegistration};
  }

  /** Each member's CPU time per request since {@code before}: where a cluster's cost lies. */
  private static String byMember(long[] before, int requests) {
    return byMember(
        LongStream.of(TimedRequests.minus(memberCpuNanos.get(), before))
            .mapToDouble(n -> n / 1e6 / requests)
            .toArray());
  }

  private static String byMember(double[] millisPerRequest) {
    if (millisPerRequest == null) {
      return "";
    }
    StringBuilder shares = new StringBuilder(" (by member");
    for (double share : millisPerRequest) {
      shares.append(String.format(Locale.ROOT, " %.2f", share));
    }
    return shares.append(')').toString();
  }

  private static void printRegistrations(String what, double[] figures) {
    System.out.printf(
        Locale.ROOT, "%-44s %9.0f req/s  cpu %5.2f ms/req%n", what, figures[0], figures[3]);
  }

  /**
   * Three members on one PostgreSQL database with the node table on the data grid: nodes register
   * and requests go to the first member, while the others follow the grid's events.
   */
  private static void measureCluster(Map<String, String> settings, Map<String, double[]> single)
      throws Exception {
    try (var database = Databases.open("PostgreSQL")) {
      Map<String, String> clustered = new HashMap<>(settings);
      clustered.putAll(database.settings());
      List<ServerProcess> members =
          ServerProcess.cluster(ServerProcess.workDirectory("bench-cluster"), clustered, 3);
      try {
        members.parallelStream().forEach(ServerProcess::start);
        memberCpuNanos =
            () -> members.stream().mapToLong(member -> member.cpuTime().toNanos()).toArray();
        serverCpuNanos = () -> LongStream.of(memberCpuNanos.get()).sum();
        // the single server's tokens are another key's: shown here, each cost a full verification
        // (29% of a cluster registration's CPU in JFR) that the single server's first
        // registrations never paid
        Registrations.forgetTokens();
        Map<String, double[]> cluster =
            measureGrowing(members.get(0).api(), new int[] {SIZES[0]}, ", one member of three");
        System.out.println(
            "--- per request, the cluster against one server: CPU time (all members; then divided"
                + " by the trivial endpoint's own ratio, which is what three JVMs on these cores"
                + " cost any request), and throughput on eight connections ---");
        double[] trivialAlone = single.get(TRIVIAL);
        double[] trivialClustered = cluster.get(TRIVIAL);
        double environment =
            trivialAlone != null && trivialClustered != null && trivialAlone[3] > 0
                ? trivialClustered[3] / trivialAlone[3]
                : Double.NaN;
        cluster.forEach(
            (what, figures) -> {
              double[] alone = single.get(what);
              if (alone != null && figures[0] > 0 && alone[3] > 0) {
                double cpu = figures[3] / alone[3];
                System.out.printf(
                    Locale.ROOT,
                    "%-44s cpu %5.2fx (%5.2fx net)   throughput %5.2fx lower%n",
                    what,
                    cpu,
                    cpu / environment,
                    alone[0] / figures[0]);
              }
            });
      } finally {
        members.forEach(ServerProcess::close);
      }
    }
  }

  private static Map<String, double[]> measureAt(Http api, long head, SignedHead genuine)
      throws Exception {
    Map<String, double[]> figures = new LinkedHashMap<>();
    trivialInSlices = new TimedRequests();
    TimedRequests alone = inTurn(api, TRIVIAL_GET).get(0);
    print("trivial endpoint (GET allocation settings)", alone, "");
    for (String chain : List.of("network,least-loaded,random", "least-loaded,random", "random")) {
      api.put("registry/admin/allocation", "{\"chain\":\"" + chain + "\"}");
      sources(api);
      figures.put(
          "sources, chain " + chain,
          againstTrivial(api, "sources, chain " + chain, new Kind((c, i) -> sources(c), 200)));
    }
    // latency as agents feel it: requests sent at a steady rate the server keeps up with (half
    // the trivial endpoint's throughput), not as fast as it answers
    api.put("registry/admin/allocation", "{\"chain\":\"network,least-loaded,random\"}");
    // a new chain orders the index anew, once, on its first request: not the steady state
    sources(api);
    figures.put(
        "sources at a steady rate",
        atSteadyRate(api, "sources, default chain", (c, i) -> sources(c), alone.perSecond() / 2));
    // nodes at version 0 (odd numbers) heartbeat without a proof, nodes at the head (even) with
    // one: every heartbeat keeps the node where it was, so each size measures the same table
    String proven =
        Json.createObjectBuilder()
            .add("version", head)
            .add("head", WireJson.toJson(genuine))
            .add("load", 0)
            .build()
            .toString();
    figures.put(
        "heartbeat, version 0",
        againstTrivial(
            api,
            "heartbeat, version 0 (nothing to verify)",
            new Kind((c, i) -> heartbeat(c, UNPROVEN, 1), 200)));
    figures.put(
        "heartbeat, signed head",
        againstTrivial(
            api,
            "heartbeat, signed head (verified once)",
            new Kind((c, i) -> heartbeat(c, proven, 0), 200)));
    againstTrivial(
        api,
        "heartbeat, forged head (verified each time)",
        new Kind((c, i) -> heartbeat(c, forged(genuine), 0), 400));
    print("trivial endpoint in all the slices between", trivialInSlices, "");
    figures.put(TRIVIAL, trivialInSlices.figures());
    return figures;
  }

  /**
   * Rounds of trivial GETs, source requests and heartbeats until one runs within 10% of the round
   * before: the server's code for both is compiled by then (in a cluster, on every member: a
   * heartbeat writes to the grid), and the heartbeats' figures are not its compilation.
   *
   * @return the rounds it took
   */
  private static int warmUp(Http api) throws Exception {
    double previous = 0;
    for (int round = 1; round < WARM_UP_ROUNDS; round++) {
      long started = System.nanoTime();
      try (var connections = new ConnectionPerThread(api.base(), administrator())) {
        InterleavedLoad.run(
            THREADS,
            WARM_UP_REQUESTS,
            i -> {
              sources(connections.get());
              // the baseline too: compared while still compiling, it made ratios above 1
              assertThat(connections.get().get("registry/admin/allocation").status())
                  .isEqualTo(200);
              // warming the heartbeat's own path, not its refusal's
              assertThat(heartbeat(connections.get(), UNPROVEN, 1).status()).isEqualTo(200);
            });
      }
      double rate = WARM_UP_REQUESTS / ((System.nanoTime() - started) / 1e9);
      if (Math.abs(rate - previous) <= 0.1 * previous) {
        return round;
      }
      previous = rate;
    }
    return WARM_UP_ROUNDS;
  }

  /**
   * One source request, outside any measurement: a new chain orders the index anew on its first
   * request.
   */
  private static void sources(Http api) throws IOException {
    try (var connection = new KeptAliveConnection(api.base(), administrator())) {
      sources(connection);
    }
  }

  /** Sources for a random node at version 0 (odd number): every even node is ahead of it. */
  private static Answer sources(KeptAliveConnection connection) throws IOException {
    String node = randomNode(1);
    return connection.get("registry/nodes/" + node + "/sources", Registrations.asNode(node)[1]);
  }

  /** A heartbeat of a random node with even ({@code parity} 0) or odd (1) number. */
  private static Answer heartbeat(KeptAliveConnection connection, String body, int parity)
      throws IOException {
    String node = randomNode(parity);
    return connection.put(
        "registry/nodes/" + node + "/heartbeat", body, Registrations.asNode(node)[1]);
  }

  /** A registered node with even ({@code parity} 0) or odd (1) number. */
  private static String randomNode(int parity) {
    return "n" + (2 * ThreadLocalRandom.current().nextInt(nodes / 2) + parity);
  }

  /** The genuine head with a made-up signature: a distinct head the registry must verify. */
  private static String forged(SignedHead genuine) {
    byte[] signature = new byte[64];
    ThreadLocalRandom.current().nextBytes(signature);
    return Json.createObjectBuilder()
        .add("version", genuine.version())
        .add(
            "head",
            WireJson.toJson(
                new SignedHead(
                    genuine.version(),
                    genuine.hash(),
                    genuine.stateDigest(),
                    Base64.getEncoder().encodeToString(signature))))
        .add("load", 0)
        .build()
        .toString();
  }

  /**
   * Measures {@code kind} in slices taken in turn with slices of the trivial endpoint, on the same
   * connections, and prints it against them.
   *
   * @return the figures of {@code kind}
   */
  private static double[] againstTrivial(Http api, String what, Kind kind) throws Exception {
    List<TimedRequests> timed = inTurn(api, TRIVIAL_GET, kind);
    TimedRequests trivial = timed.get(0);
    trivialInSlices.add(trivial);
    TimedRequests measured = timed.get(1);
    print(
        what,
        measured,
        String.format(
            Locale.ROOT,
            "  (%.2fx the trivial endpoint's %.0f req/s, cpu %.2f ms/req, in the slices between)",
            measured.perSecond() / trivial.perSecond(),
            trivial.perSecond(),
            trivial.cpuMillisPerRequest()));
    return measured.figures();
  }

  /** {@link #REQUESTS} requests of each kind, in {@link #SLICES} slices taken in turn. */
  private static List<TimedRequests> inTurn(Http api, Kind... kinds) throws Exception {
    return load(api).inTurn(THREADS, SLICES, REQUESTS / SLICES, kinds);
  }

  private static InterleavedLoad load(Http api) {
    return new InterleavedLoad(api.base(), administrator(), serverCpuNanos, memberCpuNanos);
  }

  private static void print(String what, TimedRequests timed, String comparison) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %5.2f ms/req%s%s%n",
        what,
        timed.perSecond(),
        timed.percentile(0.5),
        timed.percentile(0.99),
        timed.cpuMillisPerRequest(),
        byMember(timed.memberCpuMillisPerRequest()),
        comparison);
  }

  /**
   * Sends requests at {@code perSecond} for {@link #STEADY_SECONDS} seconds of {@code call} and as
   * many of the trivial endpoint, in slices taken in turn (as {@link #inTurn}), each request timed
   * from when it was due (a late send counts as waiting): the latency an agent sees while the
   * server is busy but not saturated, beside what any request sees on this machine meanwhile.
   *
   * @return {0, p50, p99, 0} of {@code call} in ms
   */
  private static double[] atSteadyRate(Http api, String what, Call call, double perSecond)
      throws Exception {
    List<TimedRequests> timed =
        load(api)
            .atSteadyRate(
                perSecond, STEADY_SECONDS, SLICES, STEADY_SENDERS, TRIVIAL_GET.call(), call);
    TimedRequests trivial = timed.get(0);
    TimedRequests measured = timed.get(1);
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (p99 %.1fx the trivial endpoint's %.2f"
            + " ms, p50 %.2f ms, in the slices between)%n",
        what + " at a steady rate",
        perSecond,
        measured.percentile(0.5),
        measured.percentile(0.99),
        measured.percentile(0.99) / trivial.percentile(0.99),
        trivial.percentile(0.99),
        trivial.percentile(0.5));
    return new double[] {0, measured.percentile(0.5), measured.percentile(0.99), 0};
  }

  private static String administrator() {
    return TestAdministrator.basicAuthorization();
  }
}
