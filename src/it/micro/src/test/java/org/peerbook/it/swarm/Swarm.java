package org.peerbook.it.swarm;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many real agents on loopback, a few {@link SwarmHost} JVMs holding them; each agent has its own
 * address (spread over {@value SwarmHost#SITES} /24 "sites"), store, ports and registry lease.
 */
public final class Swarm implements AutoCloseable {

  /**
   * @param registries the data server's API root, or every cluster member's
   * @param agentsPerHost how many agents share one JVM
   * @param heapPerHost that JVM's -Xmx
   * @param syncAnswerTimeoutMillis the agents' {@code --sync-answer-timeout-seconds}: how long a
   *     source may take to start an answer. Half a heartbeat period, as by default (10 s of 20 s),
   *     keeps tests with short leases as tolerant of black holes as a real deployment
   */
  public record Settings(
      List<URI> registries,
      int agentsPerHost,
      String heapPerHost,
      int maxServing,
      long maxSyncJitterMillis,
      long syncAnswerTimeoutMillis) {

    /** One server, with the given answer timeout. */
    public Settings(
        URI registry,
        int agentsPerHost,
        String heapPerHost,
        int maxServing,
        long maxSyncJitterMillis,
        long syncAnswerTimeoutMillis) {
      this(
          List.of(registry),
          agentsPerHost,
          heapPerHost,
          maxServing,
          maxSyncJitterMillis,
          syncAnswerTimeoutMillis);
    }

    /** One server, with the agents' default answer timeout. */
    public Settings(
        URI registry,
        int agentsPerHost,
        String heapPerHost,
        int maxServing,
        long maxSyncJitterMillis) {
      this(registry, agentsPerHost, heapPerHost, maxServing, maxSyncJitterMillis, 10_000);
    }
  }

  private final Path home;
  private final String name;
  private final Settings settings;
  private final List<SwarmProcess> hosts = new ArrayList<>();
  private final List<SwarmAgent> agents = new ArrayList<>();
  private int nextIndex;

  /**
   * @param name the prefix of its agents' node ids: swarms that follow each other in one run need
   *     their own, or the registry's entries of the last one's agents (until their leases lapse)
   *     would pass for the next one's
   */
  public Swarm(Path home, String name, Settings settings) {
    this.home = home;
    this.name = name;
    this.settings = settings;
  }

  /** Adds {@code count} agents and returns once every one of them runs. */
  public Swarm grow(int count) {
    List<SwarmProcess> started = new ArrayList<>();
    try {
      for (int launched = 0; launched < count; launched += settings.agentsPerHost()) {
        int inThisHost = Math.min(settings.agentsPerHost(), count - launched);
        started.add(SwarmProcess.launch(home, name, settings, nextIndex, inThisHost));
        nextIndex += inThisHost;
      }
      for (SwarmProcess host : started) {
        agents.addAll(host.agents());
      }
    } finally {
      hosts.addAll(started);
    }
    return this;
  }

  public List<SwarmAgent> agents() {
    return List.copyOf(agents);
  }

  public List<String> nodeIds() {
    return agents.stream().map(SwarmAgent::nodeId).toList();
  }

  /** The resident memory of all its JVMs together. */
  public long residentKibibytes() {
    return hosts.stream().mapToLong(SwarmProcess::residentKibibytes).sum();
  }

  @Override
  public void close() {
    hosts.parallelStream().forEach(SwarmProcess::close);
  }
}
