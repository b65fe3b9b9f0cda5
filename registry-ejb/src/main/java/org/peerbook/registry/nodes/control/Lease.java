package org.peerbook.registry.nodes.control;

import java.time.Instant;
import java.util.Map;

/**
 * What a node learns when it registers or heartbeats.
 *
 * @param revoked node → cut-off: tokens of that node expiring at or before it are revoked; agents
 *     refuse them, since they check tokens without calling home
 * @param countedVersion the version the registry counts the node at (its proven claim)
 */
public record Lease(
    int leaseSeconds, long headVersion, Map<String, Instant> revoked, long countedVersion) {}
