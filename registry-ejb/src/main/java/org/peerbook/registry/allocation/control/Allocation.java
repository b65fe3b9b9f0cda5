package org.peerbook.registry.allocation.control;

import java.util.List;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The answer to "whom shall I sync from?".
 *
 * @param sources best first; empty when up to date or asked to retry
 * @param dataServer whether the sources are the data server (D1)
 * @param retryAfterSeconds when positive: every data-server slot is taken, ask again then
 * @param headVersion the data server's current version
 */
public record Allocation(
    List<ResourceNode> sources, boolean dataServer, int retryAfterSeconds, long headVersion) {}
