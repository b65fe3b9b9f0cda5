package org.peerbook.simulation.control;

import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationResult;
import org.peerbook.simulation.entity.SimulationSettings;

/** What one run counts as it goes: copies, sessions, refusals, and when nodes reached the head. */
final class RunFigures {
  private final int nodes;
  private int atHead;
  private long lastAtHeadMicros;
  private long halfAtHeadMicros = -1;
  private long ninetyNineAtHeadMicros = -1;
  private long generationSum;
  private int maxGeneration;
  private long dataServerCopies;
  private int dataServerServing;
  private int dataServerPeak;
  private long peerCopies;
  private long peerLoadSum;
  private long crossSiteCopies;
  private long refusals;
  private long sourceRequests;
  private long hedges;

  RunFigures(int nodes) {
    this.nodes = nodes;
  }

  int atHead() {
    return atHead;
  }

  void sourceRequest() {
    sourceRequests++;
  }

  void refusal() {
    refusals++;
  }

  void hedge() {
    hedges++;
  }

  /** {@code peer} began one more session (counted in its {@code serving} already). */
  void peerSession(SimulatedNode peer, boolean crossSite) {
    peerCopies++;
    peerLoadSum += peer.serving;
    crossSiteCopies += crossSite ? 1 : 0;
  }

  void dataServerSessionStarted(boolean crossSite) {
    dataServerServing++;
    dataServerPeak = Math.max(dataServerPeak, dataServerServing);
    dataServerCopies++;
    crossSiteCopies += crossSite ? 1 : 0;
  }

  void dataServerSessionEnded() {
    dataServerServing--;
  }

  /** Sessions the data server serves now. */
  int dataServerServing() {
    return dataServerServing;
  }

  /** A node reached the head at {@code nowMicros}, {@code generation} hops from the data server. */
  void reachedHead(long nowMicros, int generation) {
    atHead++;
    lastAtHeadMicros = nowMicros;
    if (halfAtHeadMicros < 0 && atHead * 2L >= nodes) {
      halfAtHeadMicros = nowMicros;
    }
    if (ninetyNineAtHeadMicros < 0 && atHead * 100L >= nodes * 99L) {
      ninetyNineAtHeadMicros = nowMicros;
    }
    generationSum += generation;
    maxGeneration = Math.max(maxGeneration, generation);
  }

  SimulationResult result(
      SimulationSettings settings, int worstPeerLoad, long retryHints, long wallMillis) {
    long copies = peerCopies + dataServerCopies;
    return new SimulationResult(
        settings,
        dataServerCopies,
        maxGeneration,
        atHead == 0 ? 0 : (double) generationSum / atHead,
        halfAtHeadMicros / 1e6,
        ninetyNineAtHeadMicros / 1e6,
        lastAtHeadMicros / 1e6,
        worstPeerLoad,
        peerCopies == 0 ? 0 : (double) peerLoadSum / peerCopies,
        dataServerPeak,
        peerCopies,
        refusals,
        sourceRequests,
        retryHints,
        copies == 0 ? 0 : (double) crossSiteCopies / copies,
        hedges,
        atHead,
        wallMillis);
  }
}
