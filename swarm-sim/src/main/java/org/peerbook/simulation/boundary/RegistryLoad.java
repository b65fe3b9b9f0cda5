package org.peerbook.simulation.boundary;

import java.util.Locale;
import org.peerbook.simulation.entity.SimulationResult;

/**
 * What a run means for the resource manager: the heartbeats every agent sends all the time, and the
 * burst of source requests one change causes while it spreads, against what one server answers per
 * second ({@code RegistryBenchmark} measures both). Every member of a cluster answers its share of
 * both; the model leaves out what each member also spends on mirroring the others' writes.
 *
 * @param heartbeatsPerSecond one per agent per heartbeat period
 * @param sourcesPerSecond the run's source requests, spread over its convergence time
 * @param instances members needed to answer both at once
 */
public record RegistryLoad(double heartbeatsPerSecond, double sourcesPerSecond, int instances) {

  /**
   * @param heartbeatCapacity heartbeats per second one member answers
   * @param sourceCapacity source requests per second one member answers
   */
  public static RegistryLoad of(
      SimulationResult result, double heartbeatCapacity, double sourceCapacity) {
    double heartbeats = result.settings().nodes() * 1000.0 / result.settings().heartbeatMillis();
    double sources = result.sourceRequests() / Math.max(1, result.convergenceSeconds());
    int instances =
        (int) Math.max(1, Math.ceil(heartbeats / heartbeatCapacity + sources / sourceCapacity));
    return new RegistryLoad(heartbeats, sources, instances);
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "%,.0f heartbeats/s + %,.0f source requests/s → %d member%s",
        heartbeatsPerSecond,
        sourcesPerSecond,
        instances,
        instances == 1 ? "" : "s");
  }
}
