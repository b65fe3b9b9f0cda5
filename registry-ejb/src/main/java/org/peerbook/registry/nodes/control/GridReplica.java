package org.peerbook.registry.nodes.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * A member's copy of the grid's node table ({@link GridNodeTable}): the records as this member last
 * saw them on the grid, beside its own {@link LocalNodeTable} with their index. Fed by this
 * member's own writes at once and by the grid's entry events and the sweep's reads for the others'.
 */
final class GridReplica {
  /** A record as last seen on the grid: its text, and the record read from it. */
  record Seen(String text, ResourceNode record) {}

  private final LocalNodeTable table = new LocalNodeTable();

  /**
   * Each record as this member last saw it on the grid: a heartbeat replaces it in one round trip
   * when nobody changed it since, and reads the grid only when somebody did. The record is kept
   * read, beside its text, so that a heartbeat does not parse it again.
   */
  private final Map<String, Seen> lastSeen = new ConcurrentHashMap<>();

  private final GridLeases leases;
  private final RandomGenerator random;

  /**
   * @param leases what a lease renewed apart from its record adds to it
   * @param random the randomness of the index's order for what others wrote
   */
  GridReplica(GridLeases leases, RandomGenerator random) {
    this.leases = leases;
    this.random = random;
  }

  /** The index, as the answers read it. */
  LocalNodeTable table() {
    return table;
  }

  /** The record last seen on the grid, {@code null} if none. */
  Seen seen(String nodeId) {
    return lastSeen.get(nodeId);
  }

  /**
   * This member's own write, {@code text} as it stands on the grid for {@code written}.
   *
   * @return the record as the index holds it
   */
  ResourceNode written(ResourceNode written, String text, RandomGenerator random) {
    lastSeen.put(written.nodeId(), new Seen(text, written));
    table.mirror(written, random);
    return table.get(written.nodeId());
  }

  /**
   * A record from the grid; the event of this member's own write finds it here already.
   *
   * @return the record {@code text} holds
   */
  ResourceNode mirror(String nodeId, String text) {
    Seen before = lastSeen.get(nodeId);
    if (before != null && before.text().equals(text)) {
      return before.record();
    }
    Seen seen = new Seen(text, NodeRecords.read(text));
    before = lastSeen.put(nodeId, seen);
    if (before == null || !before.text().equals(text)) {
      table.mirror(seen.record(), random);
    }
    return seen.record();
  }

  /** As {@link #mirror(String, String)}, with the lease sent for it ({@code null}: none). */
  ResourceNode mirror(String nodeId, String text, Long sentLease) {
    ResourceNode node = mirror(nodeId, text);
    ResourceNode longest = leases.longest(node, sentLease);
    if (longest != node) {
      lastSeen.put(nodeId, new Seen(text, longest));
      table.mirror(longest, random);
    }
    return longest;
  }

  /** The record is gone from the grid. */
  void forget(String nodeId) {
    lastSeen.remove(nodeId);
    table.remove(nodeId);
  }
}
