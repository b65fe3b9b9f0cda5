package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongUnaryOperator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * What a validated registration asks of the {@link NodeTable}: a node id and a sync endpoint to
 * hold until {@code leaseExpiry}. Every table grants it by the same rule, {@link #grant}.
 *
 * @param provenNodeId the node a valid token of the request names, {@code null} without one
 * @param version the version to count the node at, from the one it was counted at before (0 if new)
 */
public record NodeClaim(
    String nodeId,
    URI syncAddress,
    InetAddress networkAddress,
    String provenNodeId,
    LongUnaryOperator version,
    Instant now,
    Instant leaseExpiry) {

  /** The sync endpoint claimed, as the tables key their endpoint claims. */
  String endpoint() {
    return NodeAddresses.endpoint(syncAddress);
  }

  /**
   * The claim rule of a registration, the same in every table: the record the node gets, given who
   * holds the id and the endpoint now.
   *
   * @param holder the id's record now, {@code null} if none
   * @param endpointHolder the record of the node holding the sync endpoint now, {@code null} if
   *     none
   * @param newShuffle a new node's place in the random order (a known node keeps its own)
   * @throws NodeClaimException if a live node holds the id (and the request does not prove to be
   *     that node) or the endpoint
   */
  ResourceNode grant(ResourceNode holder, ResourceNode endpointHolder, long newShuffle) {
    if (holder != null && holder.isLive(now) && !nodeId.equals(provenNodeId)) {
      throw NodeClaimException.idTaken(
          nodeId, Math.max(1, Duration.between(now, holder.leaseExpiry()).toSeconds()));
    }
    if (endpointHolder != null
        && !endpointHolder.nodeId().equals(nodeId)
        && endpointHolder.isLive(now)) {
      throw NodeClaimException.endpointTaken(endpoint(), endpointHolder.nodeId());
    }
    return new ResourceNode(
        nodeId,
        syncAddress,
        networkAddress,
        version.applyAsLong(holder == null ? 0 : holder.version()),
        holder == null ? 0 : holder.load(),
        0,
        leaseExpiry,
        false,
        holder == null ? now : holder.registeredAt(),
        holder == null ? newShuffle : holder.shuffle(),
        ResourceNode.FROM_DATA_SERVER,
        holder == null ? ResourceNode.UNSAID : holder.capacity());
  }
}
