package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many nodes may sync from the data server at once. A grant holds a slot until the node
 * reports the head, deregisters, or the grant times out. Nodes that find every slot taken queue in
 * order of their first refusal and are admitted in that order, so a node behind the head always
 * reaches the data server eventually (no starvation). Waiters that stop asking drop out of the
 * queue. Thread-safe; only nodes that need the data server pass through here.
 */
public final class DataServerAdmission {
  /**
   * A grant lasts at most this many grant periods, however often a heartbeat renews it: a node that
   * took a slot and never copies (heartbeating "still behind" for ever) cannot hold it, and with
   * every slot so held no new version would leave the data server. Ten periods (five minutes by
   * default) copy a large book over a slow link; the node may finish after its grant ends, the data
   * server serves it anyway, it just holds no slot meanwhile.
   */
  static final int LONGEST_GRANT_IN_PERIODS = 10;

  /**
   * The most requests that may wait here at once; more are not admitted now, as if every slot were
   * taken. A cluster's grants are given under a grid lock and a read of every member's grants:
   * while a member stalls (until the grid takes it out) that waits, and every request of a node
   * behind the head would queue behind it on this member's lock, with the thread it holds, until
   * none were left for heartbeats. Without a grid, admission takes microseconds and never has this
   * many.
   */
  public static final int MAX_WAITING = 16;

  private final DataServerGrants grants;
  private final Semaphore waiting = new Semaphore(MAX_WAITING);
  private final LinkedHashMap<String, Instant> waitingSince = new LinkedHashMap<>();
  private final Map<String, Instant> lastAsked = new HashMap<>();

  /**
   * @param grants who holds a slot: this server's, or the cluster's (then the queue is this
   *     member's, and the members' first waiters take free slots as their requests come)
   */
  public DataServerAdmission(DataServerGrants grants) {
    this.grants = grants;
  }

  /**
   * Whether {@code nodeId} may sync from the data server now.
   *
   * @param stagger a slot beyond those in use opens only when every grant in use has run this long
   *     without its node reaching the head: about one copy of a new version leaves the data server
   *     and the peers take it from there, while a node that takes a slot and stalls holds up the
   *     rest for this long only
   */
  public boolean admit(
      String nodeId,
      Instant now,
      int slots,
      Duration grantTime,
      Duration staleWaiter,
      Duration stagger) {
    if (!waiting.tryAcquire()) {
      return false;
    }
    try {
      synchronized (this) {
        dropStaleWaiters(now, staleWaiter);
        lastAsked.put(nodeId, now);
        if (grants.extend(nodeId, now.plus(grantTime), now)) {
          return true;
        }
        waitingSince.putIfAbsent(nodeId, now);
        if (grants.grant(
            nodeId,
            slots,
            positionInQueue(nodeId),
            now,
            now.plus(grantTime),
            now.plus(grantTime.multipliedBy(LONGEST_GRANT_IN_PERIODS)),
            now.minus(stagger))) {
          waitingSince.remove(nodeId);
          lastAsked.remove(nodeId);
          return true;
        }
        return false;
      }
    } finally {
      waiting.release();
    }
  }

  /**
   * The node is still copying from the data server (its heartbeat says it is behind): a long copy,
   * such as a large snapshot on a slow link, keeps its slot instead of losing it half-way and
   * letting one more node in. A node that stops heartbeating still loses it when the grant ends.
   */
  public void extend(String nodeId, Instant now, Duration grantTime) {
    grants.extend(nodeId, now.plus(grantTime), now);
  }

  /**
   * What a heartbeat means for the node's slot: at the head it gives the slot back; still behind,
   * it keeps it a grant longer ({@link #extend}). The resource manager and the simulation both
   * settle grants here.
   */
  public void settle(
      String nodeId, long version, long headVersion, Instant now, Duration grantTime) {
    if (version >= headVersion) {
      release(nodeId);
    } else {
      extend(nodeId, now, grantTime);
    }
  }

  /** The node no longer needs its slot (it reached the head, or left). */
  public void release(String nodeId) {
    grants.release(nodeId);
    synchronized (this) {
      waitingSince.remove(nodeId);
      lastAsked.remove(nodeId);
    }
  }

  public int granted(Instant now) {
    return grants.live(now);
  }

  public synchronized int waiting() {
    return waitingSince.size();
  }

  private int positionInQueue(String nodeId) {
    int position = 0;
    for (String waiter : waitingSince.keySet()) {
      if (waiter.equals(nodeId)) {
        return position;
      }
      position++;
    }
    return position;
  }

  private void dropStaleWaiters(Instant now, Duration staleWaiter) {
    Iterator<String> waiters = waitingSince.keySet().iterator();
    while (waiters.hasNext()) {
      String waiter = waiters.next();
      Instant asked = lastAsked.get(waiter);
      if (asked == null || asked.plus(staleWaiter).isBefore(now)) {
        waiters.remove();
        lastAsked.remove(waiter);
      }
    }
  }
}
