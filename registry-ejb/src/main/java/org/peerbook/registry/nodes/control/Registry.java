package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.AllocationSettings;
import org.peerbook.registry.allocation.control.Reporter;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.freshness.VersionSpread;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The registry itself, free of any container: the {@link NodeTable table, its claims and index},
 * {@link NodeLeases registrations and heartbeats} with their {@link HeadProofs proofs of versions},
 * {@link SourceRequests requests for sources} and the {@link SourceAllocator allocation decision}
 * they run, {@link Revocations revoked tokens}, {@link SourceReports reports as evidence} and the
 * {@link Departures ways nodes leave}, and what ties them together. The resource manager EJB and
 * the swarm simulation both run this one class; the clock and the randomness are theirs.
 * Thread-safe: each part is, and no decision needs two of them to agree atomically.
 *
 * <p>The data server is in the table from the start: the source of last resort (patent D1).
 */
public final class Registry {
  // hand-outs remembered per requester for reports: more than any honest sync round tries
  private static final int HAND_OUTS_PER_REQUESTER = 64;

  private final RegistrySettings config;
  private final Clock clock;
  private final NodeTable table;
  private final SourceAllocator allocator;
  private final RegistryStatistics statistics = new RegistryStatistics();
  private final Revocations revocations;
  private final SourceReports reports;
  private final Departures departures;
  private final VersionSpread spread;
  private final NodeLeases leases;
  private final SourceRequests sourceRequests;
  private volatile NodeTable.VersionWatcher versionWatcher = NodeTable.VersionWatcher.NONE;
  private volatile long headVersion;

  /**
   * @param chains reads a strategy chain such as {@code network,least-loaded,random}; throws {@link
   *     org.peerbook.registry.allocation.control.UnknownStrategyException} for a name it does not
   *     know
   * @param table where the nodes are: {@link LocalNodeTable} on one server, {@link GridNodeTable}
   *     in a cluster
   * @param random the randomness of random keys; must be safe for the threads that call in
   */
  public Registry(
      RegistrySettings config,
      AllocationSettings settings,
      Function<String, AllocationChain> chains,
      NodeTable table,
      Clock clock,
      RandomGenerator random) {
    this.config = config;
    this.table = table;
    this.clock = clock;
    // a waiter that has not asked for three retry periods has gone elsewhere
    this.allocator =
        new SourceAllocator(
            settings,
            chains,
            table.dataServerGrants(),
            Duration.ofSeconds(config.grantSeconds()),
            Duration.ofSeconds(3L * config.retryAfterSeconds()),
            Duration.ofMillis(config.dataServerStaggerMillis()));
    this.revocations = new Revocations(Duration.ofSeconds(2L * config.leaseSeconds()));
    this.reports =
        new SourceReports(
            Duration.ofSeconds(config.reportWindowSeconds()),
            HAND_OUTS_PER_REQUESTER,
            Duration.ofSeconds(config.demotionSeconds()),
            config.reportQuorum(),
            config.reportThreshold());
    this.departures =
        new Departures(
            config.dataServerId(), clock, table, allocator, revocations, reports, statistics);
    this.spread = new VersionSpread(clock);
    this.leases =
        new NodeLeases(
            config,
            clock,
            random,
            table,
            allocator,
            revocations,
            spread,
            statistics,
            this::headVersion);
    this.sourceRequests =
        new SourceRequests(
            config, clock, random, table, allocator, reports, statistics, this::headVersion);
    table.watchVersions(
        (from, to) -> {
          spread.moved(from, to);
          versionWatcher.moved(from, to);
        });
    table.addOrigin(
        new ResourceNode(
            config.dataServerId(),
            NodeAddresses.syncAddress(config.dataServerUrl()),
            InetAddress.getLoopbackAddress(),
            0,
            0,
            0,
            Instant.MAX,
            true,
            clock.instant(),
            0));
  }

  /**
   * The data server's book key, with which nodes prove the versions they claim. Until it is known
   * every claim above what a node proved before is capped.
   */
  public void trustBookKey(PublicKey bookKey) {
    leases.trustBookKey(bookKey);
  }

  /**
   * Adds a node, or refreshes it if it registered before (idempotent for the node itself).
   *
   * @throws InvalidNodeException for a bad field or a signed head that proves nothing
   * @throws NodeClaimException if a live node holds the id (and the registration does not prove to
   *     be that node) or the sync endpoint
   */
  public Lease register(Registration registration) {
    requireAvailable();
    return leases.register(registration);
  }

  /**
   * Renews a node's lease and records its version (proven by {@code head}, else capped) and load.
   */
  public Lease heartbeat(String nodeId, long version, SignedHead head, int load) {
    return heartbeat(nodeId, version, head, load, ResourceNode.UNSAID);
  }

  /**
   * As {@link #heartbeat(String, long, SignedHead, int)}, recording how many peers the node says it
   * serves at most ({@link ResourceNode#UNSAID}: as it said before, or the registry's bound).
   */
  public Lease heartbeat(String nodeId, long version, SignedHead head, int load, int maxServing) {
    requireAvailable();
    return leases.heartbeat(nodeId, version, head, load, maxServing);
  }

  /**
   * Over how long the syncs a new head starts are to be spread so that they start no faster than
   * {@code syncStartsPerSecond}: every node hears of a head at once, and a small swarm need not
   * wait the agents' own bound (2 s by default) that a large one needs.
   */
  public int syncSpreadMillis() {
    return leases.syncSpreadMillis();
  }

  /**
   * From now on, tells {@code watcher} of every node's version as it changes (in a cluster, of
   * nodes at every member), on the thread that changed it: it must not block.
   */
  public void watchVersions(NodeTable.VersionWatcher watcher) {
    versionWatcher = watcher;
  }

  /**
   * Whom {@code nodeId} should sync from: up to {@code wanted} peers that are ahead of it and not
   * demoted; else nothing if it holds the head; else the data server if a data-server slot is free;
   * else a retry hint (see {@link SourceAllocator}).
   *
   * @param version the requester's version if fresher than its last report, else {@code null}
   * @param wanted how many sources it wants, {@code null} for the configured default
   */
  public Allocation sources(String nodeId, Long version, Integer wanted) {
    requireAvailable();
    return sourceRequests.sources(nodeId, version, wanted);
  }

  /** The node leaves; the tokens it holds stop working. */
  public void deregister(String nodeId) {
    requireAvailable();
    departures.deregister(nodeId);
  }

  /** An administrator removes a node; it must register again to come back. */
  public void evict(String nodeId) {
    requireAvailable();
    departures.evict(nodeId);
  }

  /**
   * Revokes every token issued to {@code nodeId} so far and removes the node if it is registered:
   * its credential was issued anew, so it must come back with the new one.
   */
  public void revokeTokens(String nodeId) {
    departures.revokeTokens(nodeId);
  }

  /** See {@link Revocations#restore}. */
  public void restoreRevocations(Map<String, Instant> kept) {
    revocations.restore(kept);
  }

  /** See {@link Revocations#onRevoke}. */
  public void onRevocation(BiConsumer<String, Instant> listener) {
    revocations.onRevoke(listener);
  }

  /**
   * Reports as evidence; a cluster's members share what they count ({@link
   * SourceReports.Evidence}).
   */
  public SourceReports reports() {
    return reports;
  }

  /** Whether the token of {@code nodeId} expiring at {@code expires} was revoked. */
  public boolean isRevoked(String nodeId, Instant expires) {
    return revocations.isRevoked(nodeId, expires);
  }

  /**
   * A node says a source it was handed did not deliver what it was offered for. A counted report
   * keeps the source from the reporter's later hand-outs for a while; once nodes of {@code
   * report-quorum} distinct networks reported it ({@link Reporter}: one machine's ids are one
   * network), it is demoted (handed to nobody for a while, longer each time), so one node's word
   * cannot take a source from everyone; once {@code report-threshold} distinct networks reported
   * misconduct (anything but {@code BUSY}, {@code UNREACHABLE} and {@code TIMEOUT}, which an honest
   * node that is popular, stalls or sleeps commits too), it is evicted and its tokens revoked. A
   * report about a node the registry did not hand the reporter changes nothing: a liar cannot get
   * an honest node demoted or evicted by naming it.
   */
  public ReportOutcome report(
      String reporterId, String reportedId, SourceFault fault, String reason) {
    requireAvailable();
    return departures.report(reporterId, reportedId, fault, reason);
  }

  /** Every node holding a lease, the data server first. */
  public Collection<ResourceNode> nodes() {
    return table.live(clock.instant());
  }

  /** See {@link NodeTable#unavailable()}. */
  public String unavailable() {
    return table.unavailable();
  }

  /**
   * A member cut off from its cluster answers no node from its table: what it holds stopped when it
   * was cut off (nodes that registered since would be told they hold no lease, and register again).
   *
   * @throws GridCutOffException while {@link #unavailable()}
   */
  private void requireAvailable() {
    String why = table.unavailable();
    if (why != null) {
      throw new GridCutOffException(why);
    }
  }

  /** Whether {@code nodeId} is a node (not the data server) with a live lease. */
  public boolean isEnrolled(String nodeId) {
    ResourceNode node = table.get(nodeId);
    return node != null && !node.origin() && node.isLive(clock.instant());
  }

  /**
   * @throws UnknownNodeException unless a node with a live lease has the id
   */
  public ResourceNode node(String nodeId) {
    requireAvailable();
    ResourceNode node = table.get(nodeId);
    if (node == null || !node.isLive(clock.instant())) {
      throw new UnknownNodeException(nodeId);
    }
    return node;
  }

  /**
   * The sources this member handed the node lately and the reports counted against it (what an
   * administrator looks at when a node misbehaves or lags).
   */
  public SourceReports.Standing standing(String nodeId) {
    return reports.standing(nodeId, clock.instant());
  }

  /** Whether the node is handed to nobody for now, after reports against it. */
  public boolean isDemoted(String nodeId) {
    return reports.isDemoted(nodeId, clock.instant());
  }

  public SourceAllocator.Settings settings() {
    return allocator.settings();
  }

  /** Changes the allocation settings at run time; a bad value changes nothing. */
  public SourceAllocator.Settings configure(SourceAllocator.SettingsChange change) {
    return allocator.configure(change);
  }

  /** The data server tells its registry of each committed head. */
  public void announceHead(long version) {
    synchronized (this) {
      if (version <= headVersion) {
        return;
      }
      headVersion = version;
    }
    spread.committed(version);
    table.updateOrigin(config.dataServerId(), node -> node.atVersion(version));
  }

  public long headVersion() {
    return headVersion;
  }

  /** How the versions spread over the nodes; see {@link VersionSpread}. */
  public VersionSpread.Snapshot versionSpread() {
    return spread.snapshot(headVersion);
  }

  public RegistryStatistics statistics() {
    return statistics;
  }

  /** How many claimed heads were really verified (the rest came from the proof cache). */
  public long headVerifications() {
    return leases.headVerifications();
  }

  public int dataServerGrants() {
    return allocator.dataServerGrants(clock.instant());
  }

  public int dataServerWaiting() {
    return allocator.dataServerWaiting();
  }

  /** The owner stops: the node table lets go of what it holds outside this JVM. */
  public void close() {
    table.close();
  }

  /** Drops lapsed leases and what only they needed; the owner calls this every second or so. */
  public void sweep() {
    Instant now = clock.instant();
    table.sweep(now, departures::lapsed);
    revocations.sweep(now);
    reports.sweep(now);
  }
}
