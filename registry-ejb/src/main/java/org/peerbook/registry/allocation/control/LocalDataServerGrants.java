package org.peerbook.registry.allocation.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The data-server grants of one server, in memory. Thread-safe. */
public final class LocalDataServerGrants implements DataServerGrants {
  private record Grant(Instant expiry, Instant end, Instant given) {}

  private final Map<String, Grant> grants = new HashMap<>();

  @Override
  public synchronized boolean extend(String nodeId, Instant expiry, Instant now) {
    Grant held = grants.get(nodeId);
    if (held == null || !held.expiry().isAfter(now)) {
      return false;
    }
    grants.put(
        nodeId,
        new Grant(expiry.isAfter(held.end()) ? held.end() : expiry, held.end(), held.given()));
    return true;
  }

  @Override
  public synchronized boolean grant(
      String nodeId,
      int slots,
      int ahead,
      Instant now,
      Instant expiry,
      Instant end,
      Instant staggered) {
    grants.values().removeIf(held -> !held.expiry().isAfter(now));
    if (grants.size() + ahead >= slots
        || grants.values().stream().anyMatch(held -> held.given().isAfter(staggered))) {
      return false;
    }
    grants.put(nodeId, new Grant(expiry, end, now));
    return true;
  }

  @Override
  public synchronized void release(String nodeId) {
    grants.remove(nodeId);
  }

  @Override
  public synchronized int live(Instant now) {
    grants.values().removeIf(held -> !held.expiry().isAfter(now));
    return grants.size();
  }
}
