package org.peerbook.protocol;

import java.time.Instant;

/**
 * What a node token says: this node id is enrolled until {@code expires}. The resource manager
 * issues it at registration and renews it with every heartbeat; every sync request carries it.
 */
public record NodeToken(String nodeId, Instant expires) {}
