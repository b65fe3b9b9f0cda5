package org.peerbook.registry.allocation.control;

import java.util.List;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The peers picked for one requester, best first, and whether useful peers were left out because
 * each already serves as many requesters as a peer may: then the requester waits for one of them
 * rather than going to the data server.
 */
public record PeerPick(List<ResourceNode> sources, boolean peersFull) {
  public static final PeerPick NONE = new PeerPick(List.of(), false);
}
