package org.peerbook.registry.nodes.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.query.QueryConstants;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.DataServerGrants;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.PeerPick;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.cluster.GridMirror;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table of a cluster, on Payara's Hazelcast data grid: the grid holds every node's record
 * (with a backup on another member, so a member's death loses no lease) and who claims which sync
 * endpoint; each member keeps a {@link LocalNodeTable replica} with its own index, which the grid's
 * entry events keep current, and answers source requests from it without a network round trip.
 *
 * <p>Writes go to the grid: a node new to the grid at a free endpoint puts its record and claim
 * without a lock; any other registration locks its endpoint (the only lock it takes, so two
 * registrations cannot deadlock), applies the {@link NodeClaim#grant same claim rule} as one server
 * and replaces the node's record only if it is still what the rule was applied to ({@link
 * GridRegistration}); a heartbeat replaces the record only if nobody changed it since this member
 * last saw it (one round trip; two when somebody did). A member sees its own writes at once; others
 * see them when the event arrives, milliseconds later. Hand-outs are counted per member, in the
 * replica only: they steer that member's own requests, and a heartbeat resets them anyway.
 *
 * <p>Most heartbeats only move a lease (a fleet's heartbeats are its registry's main load). Such a
 * renewal costs the grid nothing when it is taken: the member notes it and sends the leases it took
 * with its next sweep, all in one write ({@link GridLeases}); a heartbeat that changes more
 * replaces the record, and every member hears of it. A replica learns of a lease renewed through
 * another member when its sweep reads the record's lease again, which it does for every record
 * whose lease ends within {@link #REFRESH_AHEAD}, so such a node neither looks lapsed nor is swept.
 *
 * <p>Records cross the grid as text ({@link NodeRecords}), never as application objects.
 */
public final class GridNodeTable implements NodeTable {
  private static final Logger LOG = Logger.getLogger(GridNodeTable.class.getName());
  static final String NODES = "peerbook.registry.nodes";
  static final String ENDPOINTS = "peerbook.registry.endpoints";

  /**
   * Heartbeats that find the record changed under them try again this often without a lock; one
   * that keeps losing the race (a node heartbeating through every member at once) then takes the
   * node's lock, so a renewal always ends.
   */
  static final int OPTIMISTIC_RENEWALS = 8;

  /**
   * How long before a replica's record lapses the sweep reads it from the grid: a few sweeps (one a
   * second by default), so that a lease renewed through another member is known here in time.
   */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(5);

  /** The most records one read of the grid fetches; a sweep reads as many batches as it needs. */
  private static final int REFRESH_BATCH = 1000;

  private final IMap<String, String> nodes;
  private final IMap<String, String> endpoints;
  private final GridLeases leases;
  private final LocalNodeTable replica = new LocalNodeTable();
  private final GridDataServerGrants grants;

  /**
   * Each record as this member last saw it on the grid: a heartbeat replaces it in one round trip
   * when nobody changed it since, and reads the grid only when somebody did. The record is kept
   * read, beside its text, so that a heartbeat does not parse it again.
   */
  private final Map<String, Seen> lastSeen = new ConcurrentHashMap<>();

  private record Seen(String text, ResourceNode record) {}

  private final RandomGenerator random;
  private final UUID writes;
  private final UUID removals;

  /**
   * Joins the grid's table and mirrors what it holds.
   *
   * @param random the randomness of the replica's order
   */
  public GridNodeTable(HazelcastInstance grid, RandomGenerator random) {
    this.random = random;
    this.nodes = grid.getMap(NODES);
    this.endpoints = grid.getMap(ENDPOINTS);
    this.leases = new GridLeases(grid);
    this.grants = new GridDataServerGrants(grid);
    // listen first, then copy: a record written in between arrives twice, which mirroring allows
    writes =
        nodes.addEntryListener(
            GridMirror.<String>writes(this::mirror),
            Predicates.like(QueryConstants.THIS_ATTRIBUTE_NAME.value(), NodeRecords.CHANGES),
            true);
    removals = nodes.addEntryListener(GridMirror.<String>removals(this::forget), false);
    nodes.forEach(this::mirror);
    LOG.info(() -> "node table on the data grid: " + nodes.size() + " nodes there already");
  }

  /** The replica hears of every member's writes: it tells of them all. */
  @Override
  public void watchVersions(VersionWatcher watcher) {
    replica.watchVersions(watcher);
  }

  @Override
  public DataServerGrants dataServerGrants() {
    return grants;
  }

  @Override
  public void addOrigin(ResourceNode origin) {
    // each member is the data server its own registry hands out: only its endpoint claim is shared
    replica.addOrigin(origin);
    endpoints.set(NodeAddresses.endpoint(origin.syncAddress()), origin.nodeId());
  }

  @Override
  public ResourceNode register(NodeClaim claim, RandomGenerator random) {
    String nodeId = claim.nodeId();
    var registration = new GridRegistration(nodes, endpoints, leases, replica::get, claim);
    // a node this member knows (it registers again) goes the locked way at once
    ResourceNode registered = replica.get(nodeId) == null ? registration.claimNew() : null;
    if (registered == null) {
      endpoints.lock(registration.endpoint());
      try {
        registered = registration.claim();
      } finally {
        endpoints.unlock(registration.endpoint());
      }
    }
    lastSeen.put(nodeId, new Seen(registration.written(), registered));
    // once this endpoint's lock is let go: a registration that moves the node back the other way
    // at the same time holds that one, and would wait for this one's
    registration.left().ifPresent(left -> releaseEndpoint(left, nodeId));
    replica.mirror(registered, random);
    return replica.get(nodeId);
  }

  @Override
  public ResourceNode renew(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random) {
    Seen seen = lastSeen.get(nodeId);
    String current = seen == null ? null : seen.text();
    ResourceNode node = seen == null ? null : seen.record();
    for (int attempt = 0; attempt < OPTIMISTIC_RENEWALS; attempt++) {
      if (node == null || !node.isLive(now)) {
        // what this member saw may be behind: only the grid says the node is gone
        current = nodes.get(nodeId);
        node = leases.current(record(current), now);
        if (node == null || !node.isLive(now)) {
          return null;
        }
      }
      ResourceNode renewed = renewal.apply(node);
      if (movesOnlyTheLease(renewed, node)) {
        return leaseRenewed(renewed, current, random);
      }
      String text = NodeRecords.write(renewed);
      if (nodes.replace(nodeId, current, text)) {
        return mirrored(renewed, text, random);
      }
      // another member changed it in between, or its event has not arrived: renew what it wrote
      current = nodes.get(nodeId);
      node = leases.current(record(current), now);
    }
    return renewLocked(nodeId, now, renewal, random);
  }

  private static boolean movesOnlyTheLease(ResourceNode renewed, ResourceNode before) {
    return renewed.withLeaseExpiry(before.leaseExpiry()).equals(before);
  }

  /** A renewal of the lease alone: sent with the next sweep, the record on the grid as it is. */
  private ResourceNode leaseRenewed(ResourceNode renewed, String current, RandomGenerator random) {
    leases.renewed(renewed.nodeId(), renewed.leaseExpiry());
    return mirrored(renewed, current, random);
  }

  /** The way that always ends: the node's key locked, so nobody writes in between. */
  private ResourceNode renewLocked(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random) {
    nodes.lock(nodeId);
    try {
      String current = nodes.get(nodeId);
      ResourceNode node = leases.current(record(current), now);
      if (node == null || !node.isLive(now)) {
        return null;
      }
      ResourceNode renewed = renewal.apply(node);
      if (movesOnlyTheLease(renewed, node)) {
        return leaseRenewed(renewed, current, random);
      }
      String text = NodeRecords.write(renewed);
      nodes.set(nodeId, text);
      return mirrored(renewed, text, random);
    } finally {
      nodes.unlock(nodeId);
    }
  }

  private ResourceNode mirrored(ResourceNode renewed, String text, RandomGenerator random) {
    lastSeen.put(renewed.nodeId(), new Seen(text, renewed));
    replica.mirror(renewed, random);
    return replica.get(renewed.nodeId());
  }

  @Override
  public ResourceNode updateOrigin(String nodeId, UnaryOperator<ResourceNode> change) {
    return replica.updateOrigin(nodeId, change);
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
    return replica.handOut(requester, chain, k, hops, sessionsPerPeer, now, demoted, random);
  }

  @Override
  public ResourceNode remove(String nodeId) {
    ResourceNode removed = record(nodes.remove(nodeId));
    lastSeen.remove(nodeId);
    leases.forget(nodeId);
    if (removed != null) {
      releaseEndpoint(NodeAddresses.endpoint(removed.syncAddress()), nodeId);
      replica.remove(nodeId);
    }
    return removed;
  }

  /**
   * Frees {@code endpoint} after {@code nodeId}'s record was removed, unless the node registered
   * again there in between (on any member): checked under the endpoint's lock, which a registration
   * holds while it writes the record and the claim, so a sweep or a removal racing a registration
   * never drops the claim of a live node (another node could then take its address).
   */
  void releaseEndpoint(String endpoint, String nodeId) {
    endpoints.lock(endpoint);
    try {
      ResourceNode now = record(nodes.get(nodeId));
      if (now == null || !NodeAddresses.endpoint(now.syncAddress()).equals(endpoint)) {
        endpoints.remove(endpoint, nodeId);
      }
    } finally {
      endpoints.unlock(endpoint);
    }
  }

  /**
   * Every member sweeps: it sends the leases it renewed since its last sweep, reads the records
   * whose lease ends soon from the grid, with their leases (renewals through other members are not
   * sent to it), and removes those lapsed there for longer than {@link GridLeases#SEND_GRACE};
   * whichever member removes a record first tells {@code lapsed}, the others find it gone (the
   * removal is conditional on the record read).
   */
  @Override
  public void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    leases.send();
    Instant horizon = now.plus(REFRESH_AHEAD);
    Set<String> ending = new HashSet<>();
    for (ResourceNode held : replica.records()) {
      if (!held.origin() && held.leaseExpiry().isBefore(horizon)) {
        ending.add(held.nodeId());
        if (ending.size() == REFRESH_BATCH) {
          sweep(ending, now, lapsed);
          ending.clear();
        }
      }
    }
    if (!ending.isEmpty()) {
      sweep(ending, now, lapsed);
    }
  }

  private void sweep(Set<String> ending, Instant now, Consumer<ResourceNode> lapsed) {
    Map<String, String> onGrid = nodes.getAll(ending);
    Map<String, Long> renewed = leases.sentFor(ending);
    Instant lapsedBefore = now.minus(GridLeases.SEND_GRACE);
    for (String nodeId : ending) {
      String text = onGrid.get(nodeId);
      if (text == null) {
        // removed by another member, and its event is on the way
        forget(nodeId);
        continue;
      }
      ResourceNode node = mirror(nodeId, text, renewed.get(nodeId));
      // not removed: renewed or changed since it was read, which the next sweep reads
      if (!node.isLive(lapsedBefore) && nodes.remove(nodeId, text)) {
        releaseEndpoint(NodeAddresses.endpoint(node.syncAddress()), nodeId);
        forget(nodeId);
        leases.forget(nodeId);
        lapsed.accept(node);
      }
    }
  }

  @Override
  public ResourceNode get(String nodeId) {
    return replica.get(nodeId);
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  @Override
  public void close() {
    leases.send();
    nodes.removeEntryListener(writes);
    nodes.removeEntryListener(removals);
    grants.close();
  }

  @Override
  public List<ResourceNode> live(Instant now) {
    return replica.live(now);
  }

  /**
   * A record from the grid; the event of this member's own write finds it here already.
   *
   * @return the record {@code text} holds
   */
  private ResourceNode mirror(String nodeId, String text) {
    Seen before = lastSeen.get(nodeId);
    if (before != null && before.text().equals(text)) {
      return before.record();
    }
    Seen seen = new Seen(text, NodeRecords.read(text));
    before = lastSeen.put(nodeId, seen);
    if (before == null || !before.text().equals(text)) {
      replica.mirror(seen.record(), random);
    }
    return seen.record();
  }

  /** As {@link #mirror(String, String)}, with the lease sent for it ({@code null}: none). */
  private ResourceNode mirror(String nodeId, String text, Long sentLease) {
    ResourceNode node = mirror(nodeId, text);
    ResourceNode longest = leases.longest(node, sentLease);
    if (longest != node) {
      lastSeen.put(nodeId, new Seen(text, longest));
      replica.mirror(longest, random);
    }
    return longest;
  }

  private void forget(String nodeId) {
    lastSeen.remove(nodeId);
    replica.remove(nodeId);
  }

  private static ResourceNode record(String text) {
    return text == null ? null : NodeRecords.read(text);
  }
}
