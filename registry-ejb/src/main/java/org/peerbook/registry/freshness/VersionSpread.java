package org.peerbook.registry.freshness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the book's versions spread over the nodes: how many nodes hold each version, and for the
 * latest committed versions how long after the commit 50, 99 and 100% of the nodes held them. The
 * node table tells of every node added, moved to another version or removed (in a cluster, each
 * member's replica hears of every member's writes), the registry of every commit. Thread-safe; each
 * event costs O(distinct versions held) per version still spreading, a handful.
 */
public final class VersionSpread {
  /** The shares of the nodes whose time to hold a version is measured. */
  public static final List<Double> SHARES = List.of(0.5, 0.99, 1.0);

  /** The committed versions whose spreading is followed, newest first. */
  static final int FOLLOWED = 16;

  private final Clock clock;
  private final TreeMap<Long, Integer> nodesAt = new TreeMap<>();
  private int nodes;
  private final LinkedHashMap<Long, Spreading> followed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Spreading> eldest) {
          return size() > FOLLOWED;
        }
      };

  /** How one committed version spreads: its commit and when each share held it. */
  private static final class Spreading {
    final Instant committed;
    final Duration[] reached = new Duration[SHARES.size()];

    Spreading(Instant committed) {
      this.committed = committed;
    }

    boolean complete() {
      return reached[reached.length - 1] != null;
    }
  }

  /**
   * How a committed version spread.
   *
   * @param toShare for each of {@link #SHARES}, how long after the commit that share of the nodes
   *     held the version; empty while it does not yet
   */
  public record Spread(long version, Instant committed, List<Optional<Duration>> toShare) {}

  /**
   * @param nodes nodes in the table (lapsed ones until the sweep drops them)
   * @param nodesBehind how many nodes are how many versions behind the head (0: at the head)
   * @param recent the followed versions, newest first
   */
  public record Snapshot(int nodes, NavigableMap<Long, Integer> nodesBehind, List<Spread> recent) {}

  public VersionSpread(Clock clock) {
    this.clock = clock;
  }

  /**
   * A node came to hold {@code to} instead of {@code from}; {@code -1} for none (a node added, or
   * removed).
   */
  public synchronized void moved(long from, long to) {
    if (from >= 0) {
      nodesAt.computeIfPresent(from, (version, count) -> count == 1 ? null : count - 1);
      nodes--;
    }
    if (to >= 0) {
      nodesAt.merge(to, 1, Integer::sum);
      nodes++;
    }
    measure(clock.instant());
  }

  /** {@code version} was committed now. */
  /** Nodes in the table, lapsed ones until the sweep drops them. */
  public synchronized int nodes() {
    return nodes;
  }

  public synchronized void committed(long version) {
    if (!followed.containsKey(version)) {
      followed.put(version, new Spreading(clock.instant()));
      measure(clock.instant());
    }
  }

  public synchronized Snapshot snapshot(long head) {
    TreeMap<Long, Integer> behind = new TreeMap<>();
    nodesAt.forEach(
        (version, count) -> behind.merge(Math.max(0, head - version), count, Integer::sum));
    List<Spread> recent = new ArrayList<>();
    followed.forEach(
        (version, spreading) ->
            recent.add(
                0,
                new Spread(
                    version,
                    spreading.committed,
                    Arrays.stream(spreading.reached).map(Optional::ofNullable).toList())));
    return new Snapshot(nodes, behind, recent);
  }

  private void measure(Instant now) {
    if (nodes == 0) {
      return;
    }
    followed.forEach(
        (version, spreading) -> {
          if (spreading.complete()) {
            return;
          }
          long holding = 0;
          for (int count : nodesAt.tailMap(version, true).values()) {
            holding += count;
          }
          for (int i = 0; i < SHARES.size(); i++) {
            if (spreading.reached[i] == null && holding >= Math.ceil(SHARES.get(i) * nodes)) {
              spreading.reached[i] = Duration.between(spreading.committed, now);
            }
          }
        });
  }
}
