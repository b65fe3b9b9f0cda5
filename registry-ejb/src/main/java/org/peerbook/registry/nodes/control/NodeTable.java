package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.PeerIndex;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.allocation.control.SourceSelection;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table and its claims: who holds which node id and which sync endpoint, and the {@link
 * PeerIndex index} that picks sources from it. Entries are immutable records; readers never wait.
 * Every change passes through one lock, which keeps the claims, the table and the index in step:
 * each change is O(log N), so the lock is held for microseconds.
 */
public final class NodeTable {
  private final ConcurrentMap<String, ResourceNode> nodes = new ConcurrentHashMap<>();
  // host:port of every node's sync address → its node id
  private final Map<String, String> endpoints = new HashMap<>();
  private final Object lock = new Object();
  private PeerIndex index;
  // the random order is a shuffled round-robin: a node handed out, or new, draws its key from
  // [floor, floor + span), where floor is the highest key handed out so far; nodes not handed out
  // since keep lower keys and come first. The floor grows by about a span per round of hand-outs,
  // so a long lasts billions of rounds.
  private static final long SHUFFLE_SPAN = 1L << 24;
  private long shuffleFloor;

  /** Puts the data server in, which never leaves. */
  public void addOrigin(ResourceNode origin) {
    synchronized (lock) {
      endpoints.put(NodeAddresses.endpoint(origin.syncAddress()), origin.nodeId());
      nodes.put(origin.nodeId(), origin);
    }
  }

  /**
   * Adds a node, or refreshes it if it registered before.
   *
   * @param provenNodeId the node a valid token of the request names, {@code null} without one
   * @param version the version to count it at, from the one it was counted at before (0 if new)
   * @param random draws a new node's place in the random order (a known node keeps its own)
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
      Instant leaseExpiry,
      RandomGenerator random) {
    String endpoint = NodeAddresses.endpoint(syncAddress);
    synchronized (lock) {
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
              holder == null ? now : holder.registeredAt(),
              holder == null ? nextShuffle(random) : holder.shuffle());
      replace(holder, registered);
      endpoints.put(endpoint, nodeId);
      if (holder != null && !NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)) {
        endpoints.remove(NodeAddresses.endpoint(holder.syncAddress()), nodeId);
      }
      return registered;
    }
  }

  /**
   * Renews a live node's lease. A lapsed lease is not revived: the node must register again. A node
   * now counted at a newer version goes to a random place at the back of the random order:
   * otherwise the newest holders, never handed out, would come first and copies would travel along
   * long chains.
   *
   * @return the renewed node, {@code null} if no live node (other than the data server) has the id
   */
  public ResourceNode renew(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random) {
    synchronized (lock) {
      ResourceNode node = nodes.get(nodeId);
      if (node == null || node.origin() || !node.isLive(now)) {
        return null;
      }
      ResourceNode renewed = renewal.apply(node);
      if (renewed.version() > node.version()) {
        renewed = renewed.reshuffled(nextShuffle(random));
      }
      return replace(node, renewed);
    }
  }

  /** Replaces a node's record if it is still there; returns the new one, or {@code null}. */
  public ResourceNode update(String nodeId, UnaryOperator<ResourceNode> change) {
    synchronized (lock) {
      ResourceNode node = nodes.get(nodeId);
      return node == null ? null : replace(node, change.apply(node));
    }
  }

  /**
   * Picks up to {@code k} sources for {@code requester} in {@code chain}'s order (live peers ahead
   * of it, neither itself nor {@code demoted}) and counts each as handed out once more, moving it
   * to a random place behind every node not handed out since: one atomic step, so concurrent
   * requests see each other's hand-outs.
   *
   * @return the picked nodes as counted after the hand-out, best first
   */
  public List<ResourceNode> handOut(
      Requester requester,
      AllocationChain chain,
      int k,
      Instant now,
      Predicate<String> demoted,
      RandomGenerator random) {
    synchronized (lock) {
      if (index == null || index.chain() != chain) {
        // a new chain orders differently: built once per change of the settings
        index = PeerIndex.of(chain, nodes.values()).orElse(null);
      }
      List<ResourceNode> picked =
          index == null
              ? SourceSelection.peers(requester, nodes.values(), chain, k, now, random, demoted)
              : index.best(requester, k, now, demoted);
      List<ResourceNode> handedOut = new ArrayList<>(picked.size());
      for (ResourceNode node : picked) {
        shuffleFloor = Math.max(shuffleFloor, node.shuffle());
        handedOut.add(replace(node, node.handedOutOnce(nextShuffle(random))));
      }
      return handedOut;
    }
  }

  /** Removes a node and its endpoint claim; {@code null} if it was not there. */
  public ResourceNode remove(String nodeId) {
    synchronized (lock) {
      ResourceNode removed = nodes.remove(nodeId);
      if (removed != null) {
        endpoints.remove(NodeAddresses.endpoint(removed.syncAddress()), nodeId);
        if (index != null) {
          index.remove(removed);
        }
      }
      return removed;
    }
  }

  /** Removes every node whose lease lapsed, telling {@code lapsed} of each. */
  public void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    List<ResourceNode> removed = new ArrayList<>();
    for (ResourceNode node : nodes.values()) {
      if (!node.isLive(now)) {
        synchronized (lock) {
          if (nodes.remove(node.nodeId(), node)) {
            endpoints.remove(NodeAddresses.endpoint(node.syncAddress()), node.nodeId());
            if (index != null) {
              index.remove(node);
            }
            removed.add(node);
          }
        }
      }
    }
    removed.forEach(lapsed);
  }

  /** The node's record, lapsed or not; {@code null} if there is none. */
  public ResourceNode get(String nodeId) {
    return nodes.get(nodeId);
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

  private long nextShuffle(RandomGenerator random) {
    return shuffleFloor + random.nextLong(SHUFFLE_SPAN);
  }

  private ResourceNode replace(ResourceNode old, ResourceNode now) {
    nodes.put(now.nodeId(), now);
    if (index != null) {
      if (old != null) {
        index.remove(old);
      }
      index.add(now);
    }
    return now;
  }

  private ResourceNode nodeAt(String endpoint) {
    String holder = endpoints.get(endpoint);
    return holder == null ? null : nodes.get(holder);
  }
}
