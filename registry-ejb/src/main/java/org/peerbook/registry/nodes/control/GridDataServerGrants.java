package org.peerbook.registry.nodes.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.peerbook.registry.allocation.control.DataServerGrants;
import org.peerbook.registry.cluster.GridMirror;

/**
 * The data-server grants of a cluster, on the data grid: node id to {@code expiry:end:given}, the
 * grant's expiry, the latest it may be extended to and when it was given, in epoch milliseconds. A
 * new grant is given under one grid lock, so the members together never hold more than the slots;
 * that happens only when a node needs the data server and holds no slot, a few times per new head.
 * Each member mirrors the grants from the grid's events and touches the grid for a heartbeat only
 * when the mirror says the node holds a slot: a heartbeat of a node without one costs nothing here.
 */
final class GridDataServerGrants implements DataServerGrants {
  static final String GRANTS = "peerbook.registry.data-server-grants";
  static final String LOCKS = "peerbook.registry.data-server-admission";
  private static final String SLOTS = "slots";

  /** Longer than any grid call under the lock: a member that dies holding it frees it anyway. */
  private static final long LOCK_LEASE_SECONDS = 30;

  private final IMap<String, String> grants;
  private final IMap<String, Long> locks;
  private final Map<String, String> mirror = new ConcurrentHashMap<>();

  /**
   * Nodes whose grant a heartbeat extends on the grid now. An extension waits while the member
   * holding its partition stalls, with its request thread: a node that holds a slot and sends its
   * heartbeats many at once would hold as many threads. So one extends a node's grant at a time;
   * the others find it being extended and go on (a release needs no such guard: only the heartbeat
   * that takes the grant out of the mirror writes to the grid).
   */
  private final Set<String> extending = ConcurrentHashMap.newKeySet();

  private final UUID listener;

  GridDataServerGrants(HazelcastInstance grid) {
    grants = grid.getMap(GRANTS);
    locks = grid.getMap(LOCKS);
    listener = grants.addEntryListener(new GridMirror<String>(mirror::put, mirror::remove), true);
    grants.forEach(mirror::put);
  }

  @Override
  public boolean extend(String nodeId, Instant expiry, Instant now) {
    String held = mirror.get(nodeId);
    if (held == null || expiry(held) <= now.toEpochMilli()) {
      return false;
    }
    if (!extending.add(nodeId)) {
      return true;
    }
    try {
      long end = end(held);
      String extended = grant(Math.min(expiry.toEpochMilli(), end), end, given(held));
      // replace, never put: a grant released meanwhile on another member stays released
      if (grants.replace(nodeId, extended) == null) {
        mirror.remove(nodeId);
        return false;
      }
      mirror.put(nodeId, extended);
      return true;
    } finally {
      extending.remove(nodeId);
    }
  }

  @Override
  public boolean grant(
      String nodeId,
      int slots,
      int ahead,
      Instant now,
      Instant expiry,
      Instant end,
      Instant staggered) {
    locks.lock(SLOTS, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
    try {
      int live = 0;
      boolean recent = false;
      for (Map.Entry<String, String> held : grants.entrySet()) {
        if (expiry(held.getValue()) > now.toEpochMilli()) {
          live++;
          recent |= given(held.getValue()) > staggered.toEpochMilli();
        } else {
          grants.remove(held.getKey(), held.getValue());
        }
      }
      if (live + ahead >= slots || recent) {
        return false;
      }
      String granted = grant(expiry.toEpochMilli(), end.toEpochMilli(), now.toEpochMilli());
      grants.set(nodeId, granted);
      mirror.put(nodeId, granted);
      return true;
    } finally {
      locks.unlock(SLOTS);
    }
  }

  @Override
  public void release(String nodeId) {
    if (mirror.remove(nodeId) != null) {
      grants.delete(nodeId);
    }
  }

  @Override
  public int live(Instant now) {
    long at = now.toEpochMilli();
    return (int) mirror.values().stream().filter(held -> expiry(held) > at).count();
  }

  private static String grant(long expiry, long end, long given) {
    return expiry + ":" + end + ":" + given;
  }

  private static long expiry(String grant) {
    return Long.parseLong(grant.substring(0, grant.indexOf(':')));
  }

  private static long end(String grant) {
    return Long.parseLong(grant.split(":")[1]);
  }

  /** When it was given; 0 for a grant written by a member without staggering. */
  private static long given(String grant) {
    String[] parts = grant.split(":");
    return parts.length > 2 ? Long.parseLong(parts[2]) : 0;
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  void close() {
    grants.removeEntryListener(listener);
  }
}
