package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table and its claims: who holds which node id and which sync endpoint. Entries are
 * immutable records replaced atomically per node, so readers never wait; only registrations, which
 * check both claims together, pass through one small lock.
 */
public final class NodeTable {
  private final ConcurrentMap<String, ResourceNode> nodes = new ConcurrentHashMap<>();
  // host:port of every node's sync address → its node id
  private final ConcurrentMap<String, String> endpoints = new ConcurrentHashMap<>();
  private final Object claims = new Object();

  /** Puts the data server in, which never leaves. */
  public void addOrigin(ResourceNode origin) {
    endpoints.put(NodeAddresses.endpoint(origin.syncAddress()), origin.nodeId());
    nodes.put(origin.nodeId(), origin);
  }

  /**
   * Adds a node, or refreshes it if it registered before.
   *
   * @param provenNodeId the node a valid token of the request names, {@code null} without one
   * @param version the version to count it at, from the one it was counted at before (0 if new)
   * @throws NodeClaimException if a live node holds the id (and the request does not prove to be
   *     that node) or the sync endpoint
   */
  public ResourceNode register(
      String nodeId,
      URI syncAddress,
      InetAddress networkAddress,
      String provenNodeId,
      LongUnaryOperator version,
      Instant now,
      Instant leaseExpiry) {
    String endpoint = NodeAddresses.endpoint(syncAddress);
    synchronized (claims) {
      ResourceNode holder = nodes.get(nodeId);
      if (holder != null && holder.isLive(now) && !nodeId.equals(provenNodeId)) {
        throw NodeClaimException.idTaken(
            nodeId, Math.max(1, Duration.between(now, holder.leaseExpiry()).toSeconds()));
      }
      ResourceNode endpointHolder = nodeAt(endpoint);
      if (endpointHolder != null
          && !endpointHolder.nodeId().equals(nodeId)
          && endpointHolder.isLive(now)) {
        throw NodeClaimException.endpointTaken(endpoint, endpointHolder.nodeId());
      }
      ResourceNode registered =
          new ResourceNode(
              nodeId,
              syncAddress,
              networkAddress,
              version.applyAsLong(holder == null ? 0 : holder.version()),
              holder == null ? 0 : holder.load(),
              0,
              leaseExpiry,
              false,
              holder == null ? now : holder.registeredAt());
      nodes.put(nodeId, registered);
      endpoints.put(endpoint, nodeId);
      if (holder != null && !NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)) {
        endpoints.remove(NodeAddresses.endpoint(holder.syncAddress()), nodeId);
      }
      return registered;
    }
  }

  /**
   * Renews a live node's lease. A lapsed lease is not revived: the node must register again.
   *
   * @return the renewed node, {@code null} if no live node (other than the data server) has the id
   */
  public ResourceNode renew(String nodeId, Instant now, UnaryOperator<ResourceNode> renewal) {
    ResourceNode[] renewed = {null};
    nodes.computeIfPresent(
        nodeId,
        (id, node) -> {
          if (node.origin() || !node.isLive(now)) {
            return node;
          }
          renewed[0] = renewal.apply(node);
          return renewed[0];
        });
    return renewed[0];
  }

  /** Replaces a node's record if it is still there; returns the new one, or {@code null}. */
  public ResourceNode update(String nodeId, UnaryOperator<ResourceNode> change) {
    return nodes.computeIfPresent(nodeId, (id, node) -> change.apply(node));
  }

  /** Removes a node and its endpoint claim; {@code null} if it was not there. */
  public ResourceNode remove(String nodeId) {
    ResourceNode removed = nodes.remove(nodeId);
    if (removed != null) {
      endpoints.remove(NodeAddresses.endpoint(removed.syncAddress()), nodeId);
    }
    return removed;
  }

  /** Removes every node whose lease lapsed, telling {@code lapsed} of each. */
  public void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    for (ResourceNode node : nodes.values()) {
      if (!node.isLive(now) && nodes.remove(node.nodeId(), node)) {
        endpoints.remove(NodeAddresses.endpoint(node.syncAddress()), node.nodeId());
        lapsed.accept(node);
      }
    }
  }

  /** The node's record, lapsed or not; {@code null} if there is none. */
  public ResourceNode get(String nodeId) {
    return nodes.get(nodeId);
  }

  /** Every record, for allocation (which checks leases itself). */
  public Collection<ResourceNode> all() {
    return nodes.values();
  }

  /** Every node holding a lease, the data server first. */
  public List<ResourceNode> live(Instant now) {
    return nodes.values().stream()
        .filter(node -> node.isLive(now))
        .sorted(
            Comparator.comparing(ResourceNode::origin)
                .reversed()
                .thenComparing(ResourceNode::nodeId))
        .toList();
  }

  private ResourceNode nodeAt(String endpoint) {
    String holder = endpoints.get(endpoint);
    return holder == null ? null : nodes.get(holder);
  }
}
