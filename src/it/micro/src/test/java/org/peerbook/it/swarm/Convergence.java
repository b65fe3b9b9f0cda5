package org.peerbook.it.swarm;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
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
  // of one stall's report: the stalled thread, what holds it, and the threads in the copy
  private static final int STALL_LINES = 400;

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
   * @throws Behind if some agent did not within {@code timeout}
   */
  public static Convergence await(
      Http api, List<SwarmAgent> agents, long version, long changedAtNanos, Duration timeout) {
    Map<String, Double> reached = new HashMap<>();
    Set<String> waiting = new HashSet<>();
    agents.forEach(agent -> waiting.add(agent.nodeId()));
    try {
      Awaitility.await(agents.size() + " agents at version " + version)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                record(api, version, changedAtNanos, waiting, reached);
                return waiting.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // the report of a failed run is often all there is to go on: say who is behind, and why
      throw new Behind(
          "not every agent reached version "
              + version
              + " within "
              + timeout
              + ": "
              + behind(api, agents, waiting),
          e);
    }
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

  /** Some agent did not reach the version in time; the message says who and why. */
  public static final class Behind extends AssertionError {
    Behind(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The agents still waiting, first in one line (a failed run's summary shows the first line only)
   * and then one line each: what the registry holds of each, and what each says of itself (an agent
   * that does not answer says so).
   */
  private static String behind(Http api, List<SwarmAgent> agents, Set<String> waiting) {
    Map<String, JsonObject> records = new HashMap<>();
    try {
      for (JsonValue value : api.get("registry/admin/nodes").json().asJsonArray()) {
        records.put(value.asJsonObject().getString("nodeId"), value.asJsonObject());
      }
    } catch (RuntimeException e) {
      records.clear();
    }
    StringBuilder summary = new StringBuilder(waiting.size() + " behind:");
    StringBuilder details = new StringBuilder();
    for (SwarmAgent agent : agents) {
      if (waiting.contains(agent.nodeId())) {
        JsonObject record = records.getOrDefault(agent.nodeId(), JsonValue.EMPTY_JSON_OBJECT);
        JsonObject itself;
        try {
          itself = agent.status();
        } catch (RuntimeException e) {
          itself = Json.createObjectBuilder().add("noAnswer", e.toString()).build();
        }
        summary
            .append(' ')
            .append(agent.nodeId())
            .append(" (registry says ")
            .append(record.getOrDefault("version", JsonValue.NULL))
            .append(", the agent ")
            .append(itself.getOrDefault("version", JsonValue.NULL))
            .append(')');
        details.append("\n  ").append(agent.nodeId()).append(" registry ").append(record);
        details.append("; itself ").append(itself);
      }
    }
    return summary.append(details).append(stalls(agents, waiting)).toString();
  }

  /**
   * The first warning of a stalled sync ({@code StalledSyncWatch} in the agent) in the logs of the
   * hosts of agents still waiting, with the stacks it carries: where a stall stands, in the report.
   */
  private static String stalls(List<SwarmAgent> agents, Set<String> waiting) {
    StringBuilder out = new StringBuilder();
    agents.stream()
        .filter(agent -> waiting.contains(agent.nodeId()))
        .map(SwarmAgent::hostLog)
        .distinct()
        .forEach(log -> out.append(firstStall(log)));
    return out.toString();
  }

  private static String firstStall(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("made no progress in phase")) {
        int end = i + 1;
        while (end < lines.size()
            && end < i + STALL_LINES
            && !lines.get(end).matches("^\\d\\d:.*")) {
          end++;
        }
        return "\n" + log + ":\n" + String.join("\n", lines.subList(i, end));
      }
    }
    return "";
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
