package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest reports each node filed about its sources, counted or not: what an administrator reads
 * to see which peers refused or failed a node (a BUSY report is a refusal it met). Bounded: the
 * latest {@code perReporter} per node; a node's go when it leaves.
 */
public final class FiledReports {
  /**
   * @param fault what the node said went wrong ({@code BUSY}, {@code TIMEOUT}, ...)
   * @param counted whether the registry had handed it that source lately, so the report counted
   */
  public record Filed(String source, String fault, boolean counted, Instant at) {}

  private final int perReporter;
  private final ConcurrentMap<String, Deque<Filed>> filed = new ConcurrentHashMap<>();

  public FiledReports(int perReporter) {
    this.perReporter = perReporter;
  }

  public void add(String reporter, Filed report) {
    Deque<Filed> latest = filed.computeIfAbsent(reporter, id -> new ArrayDeque<>());
    synchronized (latest) {
      latest.addFirst(report);
      while (latest.size() > perReporter) {
        latest.removeLast();
      }
    }
  }

  /** Newest first. */
  public List<Filed> of(String reporter) {
    Deque<Filed> latest = filed.get(reporter);
    if (latest == null) {
      return List.of();
    }
    synchronized (latest) {
      return List.copyOf(latest);
    }
  }

  public void forget(String reporter) {
    filed.remove(reporter);
  }
}
