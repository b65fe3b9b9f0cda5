package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerbook.it.BookChecks;
import org.peerbook.it.Http;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.SwarmMembers;
import org.peerbook.it.hostile.HostileProcess;
import org.peerbook.it.hostile.Hostility;
import org.peerbook.it.swarm.Convergence;
import org.peerbook.it.swarm.Swarm;

/**
 * Honest agents' time to a new head with 0%, 10% and 20% of the registered nodes hostile, one
 * {@link Hostility} kind at a time, against the same swarm without them, in one run: one data
 * server, one swarm of real agents; for each kind and share, hostile nodes (a process of their own)
 * join, a few one-contact changes are made and timed until every honest agent reports the head,
 * then the hostile nodes leave. A change that does not reach every honest agent within the wait is
 * printed as a timeout, not failed: the table is the result.
 *
 * <p>Run: {@code ./mvnw -B verify -pl src/it/micro -am -Pbenchmark
 * -Dbenchmark=HostileSwarmBenchmark}. Options (system properties): {@code benchmark.hostile.honest}
 * (default 24), {@code .changes} (3 per row), {@code .lease} (lease seconds, 15: a heartbeat every
 * 5 s), {@code .kinds} (all).
 */
class HostileSwarmBenchmark {
  private static final int HONEST = Integer.getInteger("benchmark.hostile.honest", 24);
  private static final int CHANGES = Integer.getInteger("benchmark.hostile.changes", 3);
  private static final int LEASE = Integer.getInteger("benchmark.hostile.lease", 15);
  private static final Duration WAIT = Duration.ofSeconds(LEASE * 4L);
  private static final List<Hostility> KINDS =
      System.getProperty("benchmark.hostile.kinds", "").isBlank()
          ? List.of(Hostility.values())
          : List.of(System.getProperty("benchmark.hostile.kinds").split(",")).stream()
              .map(Hostility::valueOf)
              .toList();

  private int nextContact = 1_000;
  private int nextHostile;

  @Test
  void timeToHeadWithAndWithoutHostileNodes() {
    Path home = ServerProcess.workDirectory("hostile-benchmark");
    List<String> rows = new ArrayList<>();
    try (var server =
            new ServerProcess(
                    home.resolve("server"),
                    Map.of(
                        "peerbook.registry.lease-seconds",
                        Integer.toString(LEASE),
                        // as shipped: the build's environment sets 0 for the tests' own server
                        "peerbook.allocation.data-server-stagger-ms",
                        "2000"))
                .start();
        var swarm =
            new Swarm(
                home.resolve("agents"),
                "honest",
                new Swarm.Settings(server.api().base(), 8, "384m", 8, 200, LEASE * 1000L / 6))) {
      Http api = server.api();
      assertThat(api.post("contacts/import", SwarmMembers.range(0, 500).build()).status())
          .isEqualTo(200);
      swarm.grow(HONEST);
      Convergence.await(
          api,
          swarm.agents(),
          BookChecks.head(api).version(),
          System.nanoTime(),
          Duration.ofMinutes(5));
      Row baseline = measure(api, swarm);
      rows.add(baseline.format("none", 0, baseline));
      for (Hostility kind : KINDS) {
        for (int percent : new int[] {10, 20}) {
          // hostile / (honest + hostile) = percent
          int count = Math.max(1, Math.round(HONEST * percent / (100f - percent)));
          try (var hostile =
              HostileProcess.launch(
                  home.resolve("hostile"),
                  api.base(),
                  "hostile",
                  nextHostile,
                  Collections.nCopies(count, kind))) {
            nextHostile += count;
            rows.add(measure(api, swarm).format(kind.name(), percent, baseline));
            if (!hostile.accepted().isEmpty()) {
              rows.add("  accepted from " + kind + ": " + hostile.accepted());
            }
          }
        }
      }
    } finally {
      System.out.printf(
          "%nhonest agents' time to a new head (%d honest agents, heartbeat every %d s, %d"
              + " one-contact changes per row; slowest agent per change)%n",
          HONEST, LEASE / 3, CHANGES);
      System.out.println(
          "| hostile kind | share | median change s | worst change s | timeouts | worst vs none |");
      System.out.println("|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  private record Row(double median, double slowest, int timeouts) {
    String format(String kind, int percent, Row baseline) {
      return String.format(
          "| %s | %d%% | %.1f | %.1f | %d | %.2f× |",
          kind, percent, median, slowest, timeouts, slowest / Math.max(0.001, baseline.slowest));
    }
  }

  /** Makes {@link #CHANGES} one-contact changes, each timed until every honest agent holds it. */
  private Row measure(Http api, Swarm swarm) {
    List<Double> slowest = new ArrayList<>();
    int timeouts = 0;
    for (int i = 0; i < CHANGES; i++) {
      int id = nextContact++;
      assertThat(api.post("contacts/import", SwarmMembers.range(id, id + 1).build()).status())
          .isEqualTo(200);
      long head = BookChecks.head(api).version();
      long changed = System.nanoTime();
      try {
        slowest.add(Convergence.await(api, swarm.agents(), head, changed, WAIT).slowest());
      } catch (Convergence.Behind e) {
        timeouts++;
        slowest.add((double) WAIT.toSeconds());
        // the next change starts from a swarm that has caught up, or the row says it never did
        try {
          Convergence.await(api, swarm.agents(), head, changed, WAIT);
        } catch (Convergence.Behind stillBehind) {
          timeouts++;
        }
      }
    }
    Collections.sort(slowest);
    return new Row(slowest.get(slowest.size() / 2), slowest.get(slowest.size() - 1), timeouts);
  }
}
