package org.peerbook.registry.nodes.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.query.QueryConstants;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.DataServerGrants;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.PeerPick;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.cluster.GridMajority;
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
 * whose lease ends within {@link GridSweep#REFRESH_AHEAD}, so such a node neither looks lapsed nor
 * is swept.
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

  private final IMap<String, String> nodes;
  private final IMap<String, String> endpoints;
  private final GridLeases leases;
  private final GridReplica replica;
  private final LocalNodeTable index;
  private final GridSweep sweep;
  private final GridDataServerGrants grants;
  private final GridWaits waits;
  private final GridMajority majority;
  private final UUID writes;
  private final UUID removals;
  private final HazelcastInstance grid;
  private final UUID merges;

  /**
   * Joins the grid's table and mirrors what it holds.
   *
   * @param random the randomness of the replica's order
   * @param maxGridWaits how many registrations and heartbeats may wait on the grid at once ({@link
   *     GridWaits})
   */
  public GridNodeTable(HazelcastInstance grid, RandomGenerator random, int maxGridWaits) {
    this(grid, random, maxGridWaits, System::nanoTime);
  }

  /**
   * @param nanoTime the monotonic clock by which the sweep tells that it was paused ({@link
   *     GridSweep#PAUSE}) and a member cut off serves alone ({@link GridMajority#HOLD})
   */
  GridNodeTable(
      HazelcastInstance grid, RandomGenerator random, int maxGridWaits, LongSupplier nanoTime) {
    this.nodes = grid.getMap(NODES);
    this.endpoints = grid.getMap(ENDPOINTS);
    this.leases = new GridLeases(grid);
    this.replica = new GridReplica(leases, random);
    this.index = replica.table();
    this.majority = GridMajority.of(grid, nanoTime);
    this.sweep =
        new GridSweep(
            nodes,
            leases,
            replica,
            this::releaseEndpoint,
            nanoTime,
            () -> majority.cutOff() == null);
    this.grants = new GridDataServerGrants(grid);
    this.waits = new GridWaits(maxGridWaits);
    // listen first, then copy: a record written in between arrives twice, which mirroring allows
    writes =
        nodes.addEntryListener(
            GridMirror.<String>writes(replica::mirror),
            Predicates.like(QueryConstants.THIS_ATTRIBUTE_NAME.value(), NodeRecords.CHANGES),
            true);
    removals = nodes.addEntryListener(GridMirror.<String>removals(replica::forget), false);
    nodes.forEach(replica::mirror);
    this.grid = grid;
    merges = grid.getLifecycleService().addLifecycleListener(this::mirrorAgainAfterAMerge);
    LOG.info(() -> "node table on the data grid: " + nodes.size() + " nodes there already");
  }

  /**
   * A member the others had taken out of the grid (it stalled past their failure detection) ran
   * alone meanwhile: its sweep saw the leases it had stop and dropped those records from its
   * replica, and the grid it merges back into sends no event for records it did not change since.
   * Without a fresh copy this member would never hand out a node that only renews its lease.
   */
  private void mirrorAgainAfterAMerge(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      nodes.forEach(replica::mirror);
      LOG.info(() -> "merged back into the data grid: " + nodes.size() + " nodes mirrored again");
    }
  }

  /** The replica hears of every member's writes: it tells of them all. */
  @Override
  public void watchVersions(VersionWatcher watcher) {
    index.watchVersions(watcher);
  }

  @Override
  public DataServerGrants dataServerGrants() {
    return grants;
  }

  @Override
  public void addOrigin(ResourceNode origin) {
    // each member is the data server its own registry hands out: only its endpoint claim is shared
    index.addOrigin(origin);
    endpoints.set(NodeAddresses.endpoint(origin.syncAddress()), origin.nodeId());
  }

  @Override
  public ResourceNode register(NodeClaim claim, RandomGenerator random) {
    return waits.call(() -> registerOnTheGrid(claim, random));
  }

  private ResourceNode registerOnTheGrid(NodeClaim claim, RandomGenerator random) {
    String nodeId = claim.nodeId();
    var registration = new GridRegistration(nodes, endpoints, leases, index::get, claim);
    // a node this member knows (it registers again) goes the locked way at once
    ResourceNode registered = index.get(nodeId) == null ? registration.claimNew() : null;
    if (registered == null) {
      endpoints.lock(registration.endpoint());
      try {
        registered = registration.claim();
      } finally {
        endpoints.unlock(registration.endpoint());
      }
    }
    ResourceNode indexed = replica.written(registered, registration.written(), random);
    // once this endpoint's lock is let go: a registration that moves the node back the other way
    // at the same time holds that one, and would wait for this one's
    registration.left().ifPresent(left -> releaseEndpoint(left, nodeId));
    return indexed;
  }

  @Override
  public ResourceNode renew(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random) {
    GridReplica.Seen seen = replica.seen(nodeId);
    ResourceNode renewedAsSeen = null;
    if (seen != null && seen.record().isLive(now)) {
      renewedAsSeen = renewal.apply(seen.record());
      if (movesOnlyTheLease(renewedAsSeen, seen.record())) {
        // no grid call, so not one of the grid's waits: renewals go on while a member stalls
        return leaseRenewed(renewedAsSeen, seen.text(), random);
      }
    }
    ResourceNode firstTry = renewedAsSeen;
    return waits.call(() -> renewOnTheGrid(nodeId, now, renewal, random, seen, firstTry));
  }

  /**
   * @param firstTry the renewal of the record as seen, if it was live: tried first
   */
  private ResourceNode renewOnTheGrid(
      String nodeId,
      Instant now,
      UnaryOperator<ResourceNode> renewal,
      RandomGenerator random,
      GridReplica.Seen seen,
      ResourceNode firstTry) {
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
      ResourceNode renewed = attempt == 0 && firstTry != null ? firstTry : renewal.apply(node);
      if (movesOnlyTheLease(renewed, node)) {
        return leaseRenewed(renewed, current, random);
      }
      String text = NodeRecords.write(renewed);
      if (nodes.replace(nodeId, current, text)) {
        return replica.written(renewed, text, random);
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
    return replica.written(renewed, current, random);
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
      return replica.written(renewed, text, random);
    } finally {
      nodes.unlock(nodeId);
    }
  }

  @Override
  public ResourceNode updateOrigin(String nodeId, UnaryOperator<ResourceNode> change) {
    return index.updateOrigin(nodeId, change);
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
    return index.handOut(requester, chain, k, hops, sessionsPerPeer, now, demoted, random);
  }

  /** A removal is one of the grid's waits too: it takes no node out unless it can wait its turn. */
  @Override
  public ResourceNode remove(String nodeId) {
    return waits.call(() -> removeFromTheGrid(nodeId));
  }

  private ResourceNode removeFromTheGrid(String nodeId) {
    ResourceNode removed = record(nodes.remove(nodeId));
    leases.forget(nodeId);
    if (removed != null) {
      releaseEndpoint(NodeAddresses.endpoint(removed.syncAddress()), nodeId);
      replica.forget(nodeId);
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

  /** See {@link GridSweep}. */
  @Override
  public void sweep(Instant now, Consumer<ResourceNode> lapsed) {
    sweep.sweep(now, lapsed);
  }

  @Override
  public ResourceNode get(String nodeId) {
    return index.get(nodeId);
  }

  @Override
  public String unavailable() {
    return majority.cutOff();
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  @Override
  public void close() {
    leases.send();
    nodes.removeEntryListener(writes);
    nodes.removeEntryListener(removals);
    grid.getLifecycleService().removeLifecycleListener(merges);
    grants.close();
    majority.close();
  }

  @Override
  public List<ResourceNode> live(Instant now) {
    return index.live(now);
  }

  private static ResourceNode record(String text) {
    return text == null ? null : NodeRecords.read(text);
  }
}
