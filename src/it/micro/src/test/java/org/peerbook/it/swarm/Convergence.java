package org.peerbook.it.swarm;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.peerbook.it.Http;

/**
 * How a swarm reached a version: when each agent reported it to the resource manager, and in how
 * many hops from the data server (an agent that synced from the data server is one hop away, one
 * that synced from it two, and so on).
 *
 * @param secondsToHead per agent, sorted, from the change to its report
 * @param rounds the longest chain of hops from the data server
 */
public record Convergence(double[] secondsToHead, int rounds) {

  public double slowest() {
    return secondsToHead.length == 0 ? 0 : secondsToHead[secondsToHead.length - 1];
  }

  public double median() {
    return secondsToHead.length == 0 ? 0 : secondsToHead[secondsToHead.length / 2];
  }

  /**
   * Polls the registry's node table until every one of {@code nodeIds} reports {@code version}.
   *
   * @param changedAtNanos when the change was made ({@link System#nanoTime()})
   * @throws org.awaitility.core.ConditionTimeoutException if some agent did not within {@code
   *     timeout}
   */
  public static Convergence await(
      Http api, List<SwarmAgent> agents, long version, long changedAtNanos, Duration timeout) {
    Map<String, Double> reached = new HashMap<>();
    Set<String> waiting = new HashSet<>();
    agents.forEach(agent -> waiting.add(agent.nodeId()));
    Awaitility.await(agents.size() + " agents at version " + version)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              record(api, version, changedAtNanos, waiting, reached);
              return waiting.isEmpty();
            });
    double[] seconds = reached.values().stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(seconds);
    return new Convergence(seconds, rounds(agents));
  }

  private static void record(
      Http api,
      long version,
      long changedAtNanos,
      Set<String> waiting,
      Map<String, Double> reached) {
    JsonArray nodes = api.get("registry/admin/nodes").json().asJsonArray();
    double now = (System.nanoTime() - changedAtNanos) / 1e9;
    for (JsonValue value : nodes) {
      JsonObject node = value.asJsonObject();
      String id = node.getString("nodeId");
      if (waiting.contains(id) && node.getJsonNumber("version").longValue() >= version) {
        waiting.remove(id);
        reached.put(id, now);
      }
    }
  }

  /** Hops from the data server, from each agent's most recent source. */
  static int rounds(Collection<SwarmAgent> agents) {
    Map<String, String> sourceOf = new HashMap<>();
    for (SwarmAgent agent : agents) {
      JsonArray sources = agent.status().getJsonArray("lastSources");
      if (!sources.isEmpty()) {
        sourceOf.put(agent.nodeId(), sources.getString(0));
      }
    }
    int deepest = 0;
    for (String agent : sourceOf.keySet()) {
      int hops = 0;
      Set<String> seen = new HashSet<>();
      // a chain ends at a node that is not a swarm agent: the data server
      for (String node = agent; sourceOf.containsKey(node) && seen.add(node); ) {
        node = sourceOf.get(node);
        hops++;
      }
      deepest = Math.max(deepest, hops);
    }
    return deepest;
  }
}
