package org.peerbook.simulation.boundary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.peerbook.protocol.SlowSource;
import org.peerbook.simulation.control.SwarmSimulation;
import org.peerbook.simulation.entity.SimulationResult;
import org.peerbook.simulation.entity.SimulationSettings;

/**
 * Runs the swarm simulation for every N and chain asked for, prints the table to stdout and writes
 * the Markdown report. Runs are independent and each single-threaded, so they run side by side on
 * the machine's cores; results come out in the order asked for, whatever finishes first.
 *
 * <pre>
 * --nodes=10000,100000,1000000   agents per run
 * --chains="network,least-loaded,random;least-loaded,random;random;centralized"
 * --seed=42  --payload-kb=1024  --parallel=&lt;cores&gt;
 * --data-server-stagger-ms=2000,0   a further data-server slot opens only when the grants in use
 *                                have run this long (0: every slot at once): one run each
 * --held-requests=true,false   agents hear of a head within a round trip, or at their next
 *                                heartbeat (the agent before held heartbeats): one run each
 * --hop-budget=true,false      holders within ceil(log_{k+1} N) hops handed out before deeper ones,
 *                                or the strategy chain alone: one run each
 * --slow-source=524288,0       bytes/s below which an agent starts a second copy from the next
 *                                peer offered beside a slow one, after a second (0: never)
 * --registry-capacity=700,500     heartbeats/s,source requests/s one server answers
 * --report=swarm-sim/target/simulation-report.md
 * </pre>
 */
public final class SwarmSimulationMain {
  static final double DEFAULT_HEARTBEAT_CAPACITY = 700;
  static final double DEFAULT_SOURCE_CAPACITY = 500;

  private SwarmSimulationMain() {}

  /** The parsed command line. */
  record Options(
      List<Integer> nodes,
      List<String> chains,
      long seed,
      long payloadKb,
      int dataServerSlots,
      List<Integer> dataServerStaggers,
      List<Boolean> heldRequests,
      List<Boolean> hopBudgets,
      List<Long> slowSourceRates,
      int parallel,
      double heartbeatCapacity,
      double sourceCapacity,
      Path report) {

    static Options parse(String... args) {
      List<Integer> nodes = List.of(10_000, 100_000, 1_000_000);
      List<String> chains =
          List.of(
              SimulationSettings.DEFAULT_CHAIN,
              "least-loaded,random",
              "random",
              SimulationSettings.CENTRALIZED);
      long seed = 42;
      long payloadKb = 1024;
      int dataServerSlots = 4;
      List<Integer> dataServerStaggers = List.of(2000);
      List<Boolean> heldRequests = List.of(true);
      List<Boolean> hopBudgets = List.of(true);
      List<Long> slowSourceRates = List.of(SlowSource.DEFAULT.minBytesPerSecond());
      int parallel = Runtime.getRuntime().availableProcessors();
      // what one server answered per second in RegistryBenchmark on a 2-core machine
      double heartbeatCapacity = DEFAULT_HEARTBEAT_CAPACITY;
      double sourceCapacity = DEFAULT_SOURCE_CAPACITY;
      Path report = Path.of("swarm-sim", "target", "simulation-report.md");
      for (String arg : args) {
        String[] option = arg.split("=", 2);
        if (option.length != 2) {
          throw new IllegalArgumentException("expected --name=value, got " + arg);
        }
        String value = option[1].trim();
        switch (option[0]) {
          case "--nodes" ->
              nodes =
                  Arrays.stream(value.split(","))
                      .map(String::trim)
                      .map(n -> n.replace("_", ""))
                      .map(Integer::valueOf)
                      .toList();
          case "--chains" ->
              chains =
                  Arrays.stream(value.split("[;|]"))
                      .map(String::trim)
                      .filter(c -> !c.isEmpty())
                      .toList();
          case "--seed" -> seed = Long.parseLong(value);
          case "--payload-kb" -> payloadKb = Long.parseLong(value);
          case "--data-server-slots" -> dataServerSlots = Integer.parseInt(value);
          case "--data-server-stagger-ms" ->
              dataServerStaggers =
                  Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
          case "--held-requests" ->
              heldRequests =
                  Arrays.stream(value.split(",")).map(String::trim).map(Options::bool).toList();
          case "--hop-budget" ->
              hopBudgets =
                  Arrays.stream(value.split(",")).map(String::trim).map(Options::bool).toList();
          case "--slow-source" ->
              slowSourceRates =
                  Arrays.stream(value.split(",")).map(String::trim).map(Long::valueOf).toList();
          case "--parallel" -> parallel = Math.max(1, Integer.parseInt(value));
          case "--report" -> report = Path.of(value);
          case "--registry-capacity" -> {
            String[] capacities = value.split(",");
            if (capacities.length != 2) {
              throw new IllegalArgumentException(
                  "--registry-capacity is HEARTBEATS_PER_S,SOURCES_PER_S, e.g. 700,500");
            }
            heartbeatCapacity = Double.parseDouble(capacities[0]);
            sourceCapacity = Double.parseDouble(capacities[1]);
          }
          default -> throw new IllegalArgumentException("unknown option " + option[0]);
        }
      }
      return new Options(
          nodes,
          chains,
          seed,
          payloadKb,
          dataServerSlots,
          dataServerStaggers,
          heldRequests,
          hopBudgets,
          slowSourceRates,
          parallel,
          heartbeatCapacity,
          sourceCapacity,
          report);
    }

    private static boolean bool(String value) {
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("expected true or false, got " + value);
      };
    }

    List<SimulationSettings> runs() {
      List<SimulationSettings> runs = new ArrayList<>();
      for (int n : nodes) {
        for (String chain : chains) {
          for (boolean held : heldRequests) {
            for (int stagger : dataServerStaggers) {
              for (boolean budget : hopBudgets) {
                for (long slowRate : slowSourceRates) {
                  if (chain.equals(SimulationSettings.CENTRALIZED)
                      && (stagger != dataServerStaggers.get(0)
                          || budget != hopBudgets.get(0)
                          || slowRate != slowSourceRates.get(0))) {
                    continue; // no resource manager, nothing staggered, budgeted or left
                  }
                  runs.add(
                      SimulationSettings.defaults(n, chain, seed)
                          .withPayloadBytes(payloadKb * 1024)
                          .withDataServerSlots(dataServerSlots)
                          .withDataServerStaggerMillis(stagger)
                          .withHeldRequests(held)
                          .withHopBudget(budget)
                          .withSlowSource(new SlowSource(SlowSource.DEFAULT.patience(), slowRate)));
                }
              }
            }
          }
        }
      }
      return runs;
    }
  }

  public static void main(String... args) throws IOException, InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
      options.runs().forEach(SwarmSimulationMain::checkChain);
    } catch (RuntimeException e) {
      System.err.println("swarm-sim: " + e.getMessage());
      System.err.println(
          "usage: --nodes=10000,100000 --chains=\"network,least-loaded,random;random;centralized\""
              + " --seed=42 --payload-kb=1024 --data-server-slots=4 --data-server-stagger-ms=2000,0"
              + " --held-requests=true,false --hop-budget=true,false --slow-source=524288,0"
              + " --parallel=2 --report=FILE");
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    List<SimulationResult> results = runAll(options);
    long wallSeconds = (System.nanoTime() - started) / 1_000_000_000;
    SimulationReport report =
        new SimulationReport(
            results,
            options.seed(),
            wallSeconds,
            options.heartbeatCapacity(),
            options.sourceCapacity());
    System.out.print(report.table());
    System.out.print(report.registryLoad());
    report.writeMarkdown(options.report());
    System.out.println("report: " + options.report().toAbsolutePath());
  }

  private static List<SimulationResult> runAll(Options options) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(options.parallel());
    try {
      List<Future<SimulationResult>> running = new ArrayList<>();
      for (SimulationSettings run : options.runs()) {
        running.add(
            pool.submit(
                () -> {
                  SimulationResult result = SwarmSimulation.run(run);
                  // progress on stderr: the table on stdout stays clean
                  System.err.printf(
                      "done: N=%d %s in %.1f s%n",
                      run.nodes(), run.chain(), result.wallMillis() / 1000.0);
                  return result;
                }));
      }
      List<SimulationResult> results = new ArrayList<>();
      for (Future<SimulationResult> run : running) {
        results.add(run.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulation run failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fails before hours of simulation, not after, on a misspelt chain. */
  private static void checkChain(SimulationSettings run) {
    if (!run.centralized()) {
      org.peerbook.simulation.control.StrategyChains.parse(
          run.chain(),
          new org.peerbook.simulation.control.Topology(SimulationSettings.defaults(1, "x", 0)));
    }
  }
}
