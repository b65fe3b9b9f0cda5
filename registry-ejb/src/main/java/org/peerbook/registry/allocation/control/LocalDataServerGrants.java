package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The data-server grants of one server, in memory. Thread-safe. */
public final class LocalDataServerGrants implements DataServerGrants {
  private final Map<String, Instant> grants = new HashMap<>();

  @Override
  public synchronized boolean extend(String nodeId, Instant expiry, Instant now) {
    Instant held = grants.get(nodeId);
    if (held == null || !held.isAfter(now)) {
      return false;
    }
    grants.put(nodeId, expiry);
    return true;
  }

  @Override
  public synchronized boolean grant(
      String nodeId, int slots, int ahead, Instant now, Instant expiry) {
    grants.values().removeIf(held -> !held.isAfter(now));
    if (grants.size() + ahead >= slots) {
      return false;
    }
    grants.put(nodeId, expiry);
    return true;
  }

  @Override
  public synchronized void release(String nodeId) {
    grants.remove(nodeId);
  }

  @Override
  public synchronized int live(Instant now) {
    grants.values().removeIf(held -> !held.isAfter(now));
    return grants.size();
  }
}
