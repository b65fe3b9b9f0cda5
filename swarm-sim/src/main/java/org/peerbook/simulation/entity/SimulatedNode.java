package org.peerbook.simulation.entity;

/**
 * One simulated agent: what its local copy holds and what it is doing. Mutable, and touched only by
 * the single-threaded event loop of its run. What the resource manager believes about the node is
 * kept apart, in the registry's {@code ResourceNode} table, because the two differ until the agent
 * reports (exactly as in the real system).
 */
public final class SimulatedNode {
  private final int index;
  private final String nodeId;
  private final int site;
  private final int subnet;

  /** The version of the local copy. */
  public long version;

  /** The newest head the agent has heard of (heartbeat or source answer). */
  public long knownHead;

  /**
   * Hops from the data server of the copy it holds: 1 for a copy from the data server, one more
   * than its source's for a copy from a peer. The largest over all nodes is the number of rounds.
   */
  public int generation;

  /** Sessions it serves right now; at most {@code maxServing}. */
  public int serving;

  /** The most sessions it ever served at once. */
  public int peakServing;

  /** A sync is scheduled or running: a heartbeat does not start a second one. */
  public boolean syncing;

  /** Syncs in a row that ended behind the known head: the next waits by this backoff attempt. */
  public int syncsBehind;

  /** Until when its held source request may wait (simulated µs); -1 when none is held. */
  public long heldUntil = -1;

  /** Source requests made in the current sync, bounded by {@code maxRounds}. */
  public int round;

  /** Sources of the current answer that were busy (503). */
  public int busyInRound;

  /** The version when the current sync began: whether to report afterwards. */
  public long versionBeforeSync;

  public SimulatedNode(int index, String nodeId, int site, int subnet) {
    this.index = index;
    this.nodeId = nodeId;
    this.site = site;
    this.subnet = subnet;
  }

  public int index() {
    return index;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Which site it sits in, 0 to sites − 1. */
  public int site() {
    return site;
  }

  /** Its {@code /24} subnet, numbered densely over all sites. */
  public int subnet() {
    return subnet;
  }

  public void startServing() {
    serving++;
    peakServing = Math.max(peakServing, serving);
  }

  public void stopServing() {
    serving--;
  }
}
