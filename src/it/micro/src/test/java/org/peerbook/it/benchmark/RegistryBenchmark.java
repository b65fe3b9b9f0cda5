package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.peerbook.it.Http;
import org.peerbook.it.Registrations;
import org.peerbook.it.ServerProcess;

/**
 * Prints how fast the resource manager answers "whom shall I sync from?" with 10,000 registered
 * nodes, next to a trivial JAX-RS endpoint of the same server (the ratio is the figure).
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -Pbenchmark -Dbenchmark=RegistryBenchmark}.
 */
class RegistryBenchmark {
  private static final int NODES = Integer.getInteger("benchmark.nodes", 10_000);
  private static final int THREADS = 8;
  private static final int REQUESTS = 20_000;

  @Test
  void printFigures() throws Exception {
    Map<String, String> settings =
        Map.of(
            "peerbook.registry.lease-seconds",
            "3600",
            "peerbook.registry.enrollment-secret",
            Registrations.SECRET);
    try (var server =
        new ServerProcess(ServerProcess.workDirectory("bench-registry"), settings).start()) {
      Http api = server.api();
      api.put("contacts/bench-seed", "{\"displayName\":\"Seed\"}");
      long head = 1;

      long started = System.nanoTime();
      run(
          NODES,
          i -> {
            String ip = "127." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            Registrations.registered(api, "n" + i, ip, i % 2 == 0 ? head : 0);
            return 0;
          });
      double registrationsPerSecond = NODES / ((System.nanoTime() - started) / 1e9);

      System.out.println("=== PeerBook resource manager benchmark (" + NODES + " nodes) ===");
      System.out.printf(
          Locale.ROOT, "%-44s %9.0f req/s%n", "registrations", registrationsPerSecond);
      double[] baseline =
          measure(
              "trivial endpoint (GET allocation settings)",
              i -> api.get("registry/admin/allocation"),
              null);
      for (String chain : List.of("network,least-loaded,random", "least-loaded,random", "random")) {
        api.put("registry/admin/allocation", "{\"chain\":\"" + chain + "\"}");
        measure(
            "sources, chain " + chain,
            i -> {
              String node = "n" + (2 * ThreadLocalRandom.current().nextInt(NODES / 2) + 1);
              return api.get("registry/nodes/" + node + "/sources", Registrations.asNode(node));
            },
            baseline);
      }
      System.out.println("==========================================================");
    }
  }

  private static double[] measure(String what, IntFunction<Http.Reply> call, double[] baseline)
      throws Exception {
    double[] millis = new double[REQUESTS];
    long started = System.nanoTime();
    run(
        REQUESTS,
        i -> {
          long t = System.nanoTime();
          var reply = call.apply(i);
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          millis[i] = (System.nanoTime() - t) / 1e6;
          return 0;
        });
    double perSecond = REQUESTS / ((System.nanoTime() - started) / 1e9);
    Arrays.sort(millis);
    double p50 = millis[REQUESTS / 2];
    double p99 = millis[(int) (REQUESTS * 0.99)];
    String ratio =
        baseline == null
            ? ""
            : String.format(
                Locale.ROOT,
                "  (%.2fx the trivial endpoint's throughput)",
                perSecond / baseline[0]);
    System.out.printf(
        Locale.ROOT,
        "%-44s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms%s%n",
        what,
        perSecond,
        p50,
        p99,
        ratio);
    return new double[] {perSecond, p50, p99};
  }

  private interface Task {
    int call(int index);
  }

  private static void run(int count, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = thread; i < count; i += THREADS) {
                  task.call(i);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }
}
