package org.peerbook.registry.nodes.entity;

import java.time.Instant;

/**
 * A node that can answer sync requests.
 *
 * @param syncAddress the absolute URL of its sync API
 * @param version the book version it last reported
 * @param origin whether it is a data server (the origin of every version)
 * @param registeredAt when it (last) registered
 */
public record ResourceNode(
    String nodeId, String syncAddress, long version, boolean origin, Instant registeredAt) {}
