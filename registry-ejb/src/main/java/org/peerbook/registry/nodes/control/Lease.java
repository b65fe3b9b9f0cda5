package org.peerbook.registry.nodes.control;

import java.time.Instant;
import java.util.Map;

/**
 * What a node learns when it registers or heartbeats.
 *
 * @param revoked node → cut-off: tokens of that node expiring at or before it are revoked; agents
 *     refuse them, since they check tokens without calling home
 * @param countedVersion the version the registry counts the node at (its proven claim)
 * @param syncSpreadMillis over how long at most the node spreads the sync a new head starts
 */
public record Lease(
    int leaseSeconds,
    long headVersion,
    Map<String, Instant> revoked,
    long countedVersion,
    int syncSpreadMillis) {

  /** This lease telling of {@code head}. */
  public Lease at(long head) {
    return new Lease(leaseSeconds, head, revoked, countedVersion, syncSpreadMillis);
  }
}
