package org.peerbook.registry.nodes.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the resource manager did since it started; counters never block each other. */
public final class RegistryStatistics {
  public final LongAdder registrations = new LongAdder();
  public final LongAdder heartbeats = new LongAdder();
  public final LongAdder deregistrations = new LongAdder();
  public final LongAdder evictions = new LongAdder();
  public final LongAdder expirations = new LongAdder();
  public final LongAdder sourceRequests = new LongAdder();
  public final LongAdder dataServerFallbacks = new LongAdder();
  public final LongAdder dataServerRetries = new LongAdder();
  // requesters told to wait because every peer ahead of them served its most
  public final LongAdder peersFull = new LongAdder();
  public final LongAdder upToDate = new LongAdder();
  public final LongAdder reports = new LongAdder();
  // reports about a source the registry had not recently handed to the reporter: they count nothing
  public final LongAdder ignoredReports = new LongAdder();
  public final LongAdder demotions = new LongAdder();
  // registrations and heartbeats whose signed head failed verification (400, nothing stored)
  public final LongAdder refusedProofs = new LongAdder();
  private final Map<String, LongAdder> allocationsByStrategy = new ConcurrentHashMap<>();

  public void allocatedBy(String strategy) {
    allocationsByStrategy.computeIfAbsent(strategy, s -> new LongAdder()).increment();
  }

  public Map<String, Long> allocationsByStrategy() {
    Map<String, Long> counts = new TreeMap<>();
    allocationsByStrategy.forEach((name, count) -> counts.put(name, count.sum()));
    return counts;
  }
}
