package org.peerbook.registry.nodes.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.DataServerGrants;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.LocalDataServerGrants;
import org.peerbook.registry.allocation.control.PeerIndex;
import org.peerbook.registry.allocation.control.PeerPick;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.allocation.control.SourceSelection;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table in one JVM, with the {@link PeerIndex index} that picks sources from it. Entries
 * are immutable records; readers never wait. Every change passes through one lock, which keeps the
 * claims, the table and the index in step: each change is O(log N), so the lock is held for
 * microseconds. In a cluster it is each member's replica of the {@link GridNodeTable shared table}.
 */
public final class LocalNodeTable implements NodeTable {
  private final ConcurrentMap<String, ResourceNode> nodes = new ConcurrentHashMap<>();
  // host:port of every node's sync address → its node id
  private final Map<String, String> endpoints = new HashMap<>();
  private final Object lock = new Object();
  private final DataServerGrants grants = new LocalDataServerGrants();
  // requester → the first source of its last answer, counted in its handedOut until it is done
  private final Map<String, String> runningHandOuts = new HashMap<>();
  private PeerIndex index;
  private volatile VersionWatcher watcher = VersionWatcher.NONE;

  /** The chain {@link #index} was made for; a chain that cannot be indexed has none. */
  private AllocationChain indexedChain;

  // the random order is a shuffled round-robin: a node handed out, or new, draws its key from
  // [floor, floor + span), where floor is the highest key handed out so far; nodes not handed out
  // since keep lower keys and come first. The floor grows by about a span per round of hand-outs,
  // so a long lasts billions of rounds.
  private static final long SHUFFLE_SPAN = 1L << 24;
  private long shuffleFloor;

  @Override
  public void watchVersions(VersionWatcher watcher) {
    synchronized (lock) {
      this.watcher = watcher;
      nodes.values().stream()
          .filter(node -> !node.origin())
          .forEach(n -> watcher.moved(-1, n.version()));
    }
  }

  @Override
  public DataServerGrants dataServerGrants() {
    return grants;
  }

  @Override
  public void addOrigin(ResourceNode origin) {
    synchronized (lock) {
      endpoints.put(NodeAddresses.endpoint(origin.syncAddress()), origin.nodeId());
      nodes.put(origin.nodeId(), origin);
    }
  }

  @Override
  public ResourceNode register(NodeClaim claim, RandomGenerator random) {
    String endpoint = claim.endpoint();
    synchronized (lock) {
      ResourceNode holder = nodes.get(claim.nodeId());
      ResourceNode registered = claim.grant(holder, nodeAt(endpoint), nextShuffle(random));
      replace(holder, registered);
      endpoints.put(endpoint, claim.nodeId());
      if (holder != null && !NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)) {
        endpoints.remove(NodeAddresses.endpoint(holder.syncAddress()), claim.nodeId());
      }
      return registered;
    }
  }

  @Override
  public ResourceNode renew(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random) {
    synchronized (lock) {
      ResourceNode node = nodes.get(nodeId);
      if (node == null || node.origin() || !node.isLive(now)) {
        return null;
      }
      return replace(node, placed(node, renewal.apply(node), random));
    }
  }

  /**
   * What another member of a cluster wrote to the shared table: taken as it is, but for this
   * table's own order state (the node's place in the random order and the hand-outs counted here),
   * which the rule of {@link #renew} moves.
   */
  public void mirror(ResourceNode written, RandomGenerator random) {
    synchronized (lock) {
      ResourceNode known = nodes.get(written.nodeId());
      ResourceNode mirrored =
          known == null
              ? written.reshuffled(nextShuffle(random))
              : placed(known, written.withHandOutsOf(known), random);
      replace(known, mirrored);
      endpoints.put(NodeAddresses.endpoint(mirrored.syncAddress()), mirrored.nodeId());
      if (known != null && !known.syncAddress().equals(mirrored.syncAddress())) {
        endpoints.remove(NodeAddresses.endpoint(known.syncAddress()), known.nodeId());
      }
    }
  }

  /** {@code next} at {@code before}'s place in the random order, or at the back if it advanced. */
  private ResourceNode placed(ResourceNode before, ResourceNode next, RandomGenerator random) {
    return next.reshuffled(
        next.version() > before.version() ? nextShuffle(random) : before.shuffle());
  }

  @Override
  public ResourceNode updateOrigin(String nodeId, UnaryOperator<ResourceNode> change) {
    synchronized (lock) {
      ResourceNode node = nodes.get(nodeId);
      return node == null ? null : replace(node, change.apply(node));
    }
  }

  @Override
  public PeerPick handOut(
      Requester requester,
      AllocationChain chain,
      int k,
      HopBudget hops,
      int sessionsPerPeer,
      Instant now,
      Predicate<String> demoted,
      RandomGenerator random) {
    synchronized (lock) {
      if (indexedChain != chain || (index != null && index.sessionsPerPeer() != sessionsPerPeer)) {
        // a new chain orders differently: built once per change of the settings
        index = PeerIndex.of(chain, sessionsPerPeer, nodes.values()).orElse(null);
        indexedChain = chain;
      }
      // asking again, the requester is done with its last answer
      endHandOut(requester.nodeId());
      int hopRounds = hops.rounds(nodes.size());
      PeerPick picked =
          index == null
              ? SourceSelection.pick(
                  requester,
                  nodes.values(),
                  chain,
                  k,
                  sessionsPerPeer,
                  hopRounds,
                  now,
                  random,
                  demoted)
              : index.pick(requester, k, hopRounds, now, demoted);
      List<ResourceNode> handedOut = new ArrayList<>(picked.sources().size());
      for (ResourceNode node : picked.sources()) {
        shuffleFloor = Math.max(shuffleFloor, node.shuffle());
        long shuffle = nextShuffle(random);
        handedOut.add(
            replace(
                node,
                handedOut.isEmpty() ? node.handedOutOnce(shuffle) : node.reshuffled(shuffle)));
      }
      if (!handedOut.isEmpty()) {
        runningHandOuts.put(requester.nodeId(), handedOut.get(0).nodeId());
      }
      return new PeerPick(handedOut, picked.peersFull());
    }
  }

  @Override
  public ResourceNode remove(String nodeId) {
    synchronized (lock) {
      ResourceNode removed = nodes.remove(nodeId);
      if (removed != null) {
        removed(removed);
        endpoints.remove(NodeAddresses.endpoint(removed.syncAddress()), nodeId);
        if (index != null) {
          index.remove(removed);
        }
      }
      return removed;
    }
  }

  @Override
  public void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    List<ResourceNode> removed = new ArrayList<>();
    for (ResourceNode node : nodes.values()) {
      if (!node.isLive(now)) {
        synchronized (lock) {
          if (nodes.remove(node.nodeId(), node)) {
            removed(node);
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

  @Override
  public ResourceNode get(String nodeId) {
    return nodes.get(nodeId);
  }

  /** Every record, lapsed or not, in no order. */
  public Collection<ResourceNode> records() {
    return nodes.values();
  }

  @Override
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

  /**
   * Counts the hand-out of {@code requester}'s last answer as over. Without this, a node stayed
   * loaded in the least-loaded order until its own next heartbeat, long after its copies were done;
   * the newest holders, just reported and never handed out, looked idlest and every copy travelled
   * through them, so chains grew with time rather than with log N.
   */
  private ResourceNode endHandOut(String requester) {
    String sourceId = runningHandOuts.remove(requester);
    ResourceNode source = sourceId == null ? null : nodes.get(sourceId);
    if (source != null && source.handedOut() > 0) {
      replace(source, source.handOutOver());
    }
    return source;
  }

  private ResourceNode replace(ResourceNode old, ResourceNode next) {
    ResourceNode now = next;
    if (old != null && now.version() > old.version()) {
      // it took a newer copy: the source it was handed is done with it, and is one hop nearer
      ResourceNode source = endHandOut(now.nodeId());
      if (source != null && source.version() >= now.version()) {
        now = now.withHops(source.hops() + 1);
      }
    }
    nodes.put(now.nodeId(), now);
    if (!now.origin() && (old == null || old.version() != now.version())) {
      watcher.moved(old == null ? -1 : old.version(), now.version());
    }
    if (index != null) {
      if (old != null) {
        index.remove(old);
      }
      index.add(now);
    }
    return now;
  }

  private void removed(ResourceNode node) {
    endHandOut(node.nodeId());
    if (!node.origin()) {
      watcher.moved(node.version(), -1);
    }
  }

  private ResourceNode nodeAt(String endpoint) {
    String holder = endpoints.get(endpoint);
    return holder == null ? null : nodes.get(holder);
  }
}
