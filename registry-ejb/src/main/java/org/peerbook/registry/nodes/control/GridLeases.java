package org.peerbook.registry.nodes.control;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The leases a cluster's heartbeats renew, beside the node records ({@link GridNodeTable}): a
 * heartbeat that moves only a node's lease (most of a fleet's) is noted on the member that took it
 * and sent with the others it took since, in one write per sweep, instead of a grid round trip per
 * heartbeat. A node's lease is the later of its record's and of the one here.
 *
 * <p>Leases here only ever lengthen a lease: they say nothing else of a node, so writing them
 * without a compare-and-set cannot undo a registration or a change made meanwhile, and a lease sent
 * after its node was removed names a node without a record, which is not live whatever its lease.
 * Such an entry goes by itself ({@link #ENTRY_LIFETIME}).
 */
final class GridLeases {
  static final String LEASES = "peerbook.registry.leases";

  /**
   * How long after its lease ended a record is removed: a renewal taken by another member reaches
   * the grid with that member's next sweep, up to a sweep interval (1 s by default) later.
   */
  static final Duration SEND_GRACE = Duration.ofSeconds(2);

  /**
   * An entry not written again for this long is dropped by the grid: no lease is this long, and the
   * entries of nodes that left go without a sweep of their own.
   */
  static final Duration ENTRY_LIFETIME = Duration.ofDays(7);

  private final IMap<String, Long> sent;

  /** Lease ends by node id, in epoch milliseconds, renewed here and not yet sent. */
  private final Map<String, Long> unsent = new ConcurrentHashMap<>();

  GridLeases(HazelcastInstance grid) {
    grid.getConfig()
        .addMapConfig(new MapConfig(LEASES).setTimeToLiveSeconds((int) ENTRY_LIFETIME.toSeconds()));
    sent = grid.getMap(LEASES);
  }

  /** Notes that {@code nodeId}'s lease now ends at {@code expiry}; sent with the next batch. */
  void renewed(String nodeId, Instant expiry) {
    unsent.merge(nodeId, expiry.toEpochMilli(), Math::max);
  }

  /** Writes the leases renewed here since the last time, in one call; kept if it fails. */
  void send() {
    Map<String, Long> batch = new HashMap<>();
    for (Map.Entry<String, Long> lease : unsent.entrySet()) {
      if (unsent.remove(lease.getKey(), lease.getValue())) {
        batch.put(lease.getKey(), lease.getValue());
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      sent.setAll(batch);
    } catch (RuntimeException e) {
      batch.forEach((nodeId, expiry) -> unsent.merge(nodeId, expiry, Math::max));
      throw e;
    }
  }

  /**
   * {@code record} with the longest lease known of its node, if by its own it is no longer live at
   * {@code now} (the grid is read then only); {@code null} stays {@code null}.
   */
  ResourceNode current(ResourceNode record, Instant now) {
    if (record == null || record.isLive(now)) {
      return record;
    }
    return longest(record, sent.get(record.nodeId()));
  }

  /** The leases sent for {@code nodeIds}, by id (those with none left out). */
  Map<String, Long> sentFor(Set<String> nodeIds) {
    return sent.getAll(nodeIds);
  }

  /**
   * {@code record} with its lease taken to the later of its own, {@code sentLease} (epoch
   * milliseconds, {@code null}: none) and one renewed here and not yet sent.
   */
  ResourceNode longest(ResourceNode record, Long sentLease) {
    long own = record.leaseExpiry().toEpochMilli();
    long longest = Math.max(own, Math.max(orNone(sentLease), orNone(unsent.get(record.nodeId()))));
    return longest > own ? record.withLeaseExpiry(Instant.ofEpochMilli(longest)) : record;
  }

  private static long orNone(Long lease) {
    return lease == null ? Long.MIN_VALUE : lease;
  }

  /** The node was removed: its lease goes too. */
  void forget(String nodeId) {
    unsent.remove(nodeId);
    sent.delete(nodeId);
  }
}
