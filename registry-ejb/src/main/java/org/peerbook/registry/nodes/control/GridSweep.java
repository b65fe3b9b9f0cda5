package org.peerbook.registry.nodes.control;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * One member's lease sweep over the grid's node table ({@link GridNodeTable}). Every member sweeps:
 * it sends the leases it renewed since its last sweep, reads the records whose lease ends soon from
 * the grid, with their leases (renewals through other members are not sent to it), and removes
 * those lapsed there for longer than {@link GridLeases#SEND_GRACE}; whichever member removes a
 * record first tells the caller, the others find it gone (the removal is conditional on the record
 * read).
 */
final class GridSweep {
  /**
   * How long before a replica's record lapses the sweep reads it from the grid: a few sweeps (one a
   * second by default), so that a lease renewed through another member is known here in time.
   */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(5);

  /**
   * A sweep whose send ends longer than this after the last sweep ended removes nothing: this
   * member was paused (a long pause, a frozen VM), or its send waited on a member that was, and the
   * other members' sends of the leases they renewed meanwhile may have waited too and not have
   * reached the grid yet. Such a sweep refreshes what it reads; the next, a sweep interval later,
   * judges. (So the sweep interval must stay well below this.)
   */
  static final Duration PAUSE = Duration.ofSeconds(5);

  /** The most records one read of the grid fetches; a sweep reads as many batches as it needs. */
  private static final int REFRESH_BATCH = 1000;

  private final IMap<String, String> nodes;
  private final GridLeases leases;
  private final GridReplica replica;
  private final BiConsumer<String, String> releaseEndpoint;
  private final LongSupplier nanoTime;
  private final BooleanSupplier mayRemove;

  /** When the last sweep ended (or, before the first, this sweep was made), in nanoseconds. */
  private long lastEnded;

  /**
   * @param releaseEndpoint frees an endpoint (first) once its node's (second) record is removed
   * @param nanoTime the monotonic clock that tells a pause
   * @param mayRemove whether this member's grid is the cluster's ({@link
   *     org.peerbook.registry.cluster.GridMajority}): a member cut off sees leases stop that run on
   *     elsewhere, and removes nothing
   */
  GridSweep(
      IMap<String, String> nodes,
      GridLeases leases,
      GridReplica replica,
      BiConsumer<String, String> releaseEndpoint,
      LongSupplier nanoTime,
      BooleanSupplier mayRemove) {
    this.nodes = nodes;
    this.leases = leases;
    this.replica = replica;
    this.releaseEndpoint = releaseEndpoint;
    this.nanoTime = nanoTime;
    this.mayRemove = mayRemove;
    this.lastEnded = nanoTime.getAsLong();
  }

  /**
   * @param lapsed told of each record this sweep removed
   */
  void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    leases.send();
    boolean judging =
        nanoTime.getAsLong() - lastEnded <= PAUSE.toNanos() && mayRemove.getAsBoolean();
    try {
      sweepEnding(now, judging ? lapsed : null);
    } finally {
      lastEnded = nanoTime.getAsLong();
    }
  }

  /**
   * @param lapsed told of each record removed; {@code null}: remove none
   */
  private void sweepEnding(Instant now, Consumer<ResourceNode> lapsed) {
    Instant horizon = now.plus(REFRESH_AHEAD);
    Set<String> ending = new HashSet<>();
    for (ResourceNode held : replica.table().records()) {
      if (!held.origin() && held.leaseExpiry().isBefore(horizon)) {
        ending.add(held.nodeId());
        if (ending.size() == REFRESH_BATCH) {
          sweep(ending, now, lapsed);
          ending.clear();
        }
      }
    }
    if (!ending.isEmpty()) {
      sweep(ending, now, lapsed);
    }
  }

  private void sweep(Set<String> ending, Instant now, Consumer<ResourceNode> lapsed) {
    Map<String, String> onGrid = nodes.getAll(ending);
    Map<String, Long> renewed = leases.sentFor(ending);
    Instant lapsedBefore = now.minus(GridLeases.SEND_GRACE);
    for (String nodeId : ending) {
      String text = onGrid.get(nodeId);
      if (text == null) {
        // removed by another member, and its event is on the way
        replica.forget(nodeId);
        continue;
      }
      ResourceNode node = replica.mirror(nodeId, text, renewed.get(nodeId));
      // not removed: renewed or changed since it was read, which the next sweep reads
      if (lapsed != null && !node.isLive(lapsedBefore) && nodes.remove(nodeId, text)) {
        releaseEndpoint.accept(NodeAddresses.endpoint(node.syncAddress()), nodeId);
        replica.forget(nodeId);
        leases.forget(nodeId);
        lapsed.accept(node);
      }
    }
  }
}
