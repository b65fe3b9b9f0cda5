package org.peerbook.registry.nodes.boundary;

import com.hazelcast.core.HazelcastInstance;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationSettings;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.allocation.control.StrategyCatalog;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.cluster.ClusterTime;
import org.peerbook.registry.cluster.DataGrid;
import org.peerbook.registry.cluster.GridFailureDetection;
import org.peerbook.registry.cluster.SharedAllocationSettings;
import org.peerbook.registry.cluster.SharedEvidence;
import org.peerbook.registry.freshness.VersionSpread;
import org.peerbook.registry.nodes.control.GridNodeTable;
import org.peerbook.registry.nodes.control.Lease;
import org.peerbook.registry.nodes.control.LocalNodeTable;
import org.peerbook.registry.nodes.control.NodeTable;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.Registry;
import org.peerbook.registry.nodes.control.RegistrySettings;
import org.peerbook.registry.nodes.control.RegistryStatistics;
import org.peerbook.registry.nodes.control.ReportOutcome;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The resource manager: the EJB boundary of the {@link Registry}. It reads the configuration and
 * hands every call to the registry, which the swarm simulation runs as it is ({@link LeaseSweeps}
 * sweeps lapsed leases on a timer). Concurrency: every method runs under the container's shared
 * read lock; the registry is thread-safe, so requests never wait for one another. No method runs in
 * a transaction: the registry writes nothing to a database, so the JTA transaction the container
 * would begin and commit around every call (a few percent of a heartbeat's CPU time in JFR) buys
 * nothing.
 */
@Singleton
@Startup
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ResourceManager {
  private static final Logger LOG = Logger.getLogger(ResourceManager.class.getName());

  @Inject
  @ConfigProperty(name = "peerbook.registry.data-server-id", defaultValue = "data-server")
  String dataServerId;

  @Inject
  @ConfigProperty(
      name = "peerbook.registry.data-server-url",
      defaultValue = "http://localhost:8080/api/sync")
  String dataServerUrl;

  @Inject
  @ConfigProperty(name = "peerbook.registry.lease-seconds", defaultValue = "60")
  int leaseSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.chain", defaultValue = "network,least-loaded,random")
  String configuredChain;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.k", defaultValue = "3")
  int configuredK;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.max-k", defaultValue = "16")
  int maxK;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.data-server-slots", defaultValue = "4")
  int configuredSlots;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.peer-assisted", defaultValue = "true")
  boolean configuredPeerAssisted;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.data-server-grant-seconds", defaultValue = "30")
  int grantSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.data-server-stagger-ms", defaultValue = "2000")
  int dataServerStaggerMillis;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.sessions-per-peer", defaultValue = "8")
  int sessionsPerPeer;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.hop-budget", defaultValue = "true")
  boolean hopBudget;

  @Inject
  @ConfigProperty(name = "peerbook.registry.sync-starts-per-second", defaultValue = "500")
  int syncStartsPerSecond;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.retry-after-seconds", defaultValue = "5")
  int retryAfterSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.report-quorum", defaultValue = "2")
  int reportQuorum;

  @Inject
  @ConfigProperty(name = "peerbook.registry.report-threshold", defaultValue = "3")
  int reportThreshold;

  @Inject
  @ConfigProperty(name = "peerbook.registry.demotion-seconds", defaultValue = "30")
  int demotionSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.report-window-seconds", defaultValue = "300")
  int reportWindowSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.head-proof-cache", defaultValue = "4096")
  int headProofCache;

  @Inject
  @ConfigProperty(name = "peerbook.cluster.max-grid-requests", defaultValue = "64")
  int maxGridRequests;

  @Inject ClusterMode cluster;

  @Inject StrategyCatalog catalog;

  Clock clock = Clock.systemUTC();

  private Registry registry;

  // in a cluster only: what the members share beyond the node table
  private SharedEvidence evidence;
  private SharedAllocationSettings sharedSettings;

  @PostConstruct
  void open() {
    RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    HazelcastInstance grid = cluster.enabled() ? DataGrid.instance() : null;
    if (cluster.enabled()) {
      // the members read each other's instants: by one clock, whatever their machines' say
      clock = new ClusterTime(grid);
    }
    // an unknown strategy in the configuration fails the deployment, loudly
    AllocationSettings settings =
        new AllocationSettings(
            catalog.chain(configuredChain),
            configuredK,
            maxK,
            configuredSlots,
            configuredPeerAssisted);
    registry =
        new Registry(
            new RegistrySettings(
                dataServerId,
                dataServerUrl,
                leaseSeconds,
                grantSeconds,
                dataServerStaggerMillis,
                sessionsPerPeer,
                retryAfterSeconds,
                reportQuorum,
                reportThreshold,
                demotionSeconds,
                reportWindowSeconds,
                headProofCache,
                hopBudget,
                syncStartsPerSecond),
            settings,
            catalog::chain,
            cluster.enabled()
                ? DataGrid.outsideTheApplication(
                    () -> new GridNodeTable(grid, random, maxGridRequests))
                : new LocalNodeTable(),
            clock,
            random);
    if (cluster.enabled()) {
      GridFailureDetection.warnIfSlowerThanALease(grid, leaseSeconds);
      evidence = new SharedEvidence(grid, registry.reports());
      sharedSettings =
          DataGrid.outsideTheApplication(
              () -> new SharedAllocationSettings(grid, registry::settings, registry::configure));
    }
    LOG.info(
        () ->
            "resource manager up: data server "
                + dataServerUrl
                + ", chain "
                + settings.chain().names()
                + ", k="
                + settings.k()
                + ", lease "
                + leaseSeconds
                + " s"
                + (cluster.enabled() ? ", node table on the data grid" : ""));
  }

  /** See {@link Registry#trustBookKey}. */
  public void trustBookKey(PublicKey bookKey) {
    registry.trustBookKey(bookKey);
  }

  /** See {@link Registry#register}. */
  public Lease register(Registration registration) {
    return registry.register(registration);
  }

  /** See {@link Registry#heartbeat(String, long, SignedHead, int)}. */
  public Lease heartbeat(String nodeId, long version, SignedHead head, int load) {
    return registry.heartbeat(nodeId, version, head, load);
  }

  /** See {@link Registry#heartbeat(String, long, SignedHead, int, int)}. */
  public Lease heartbeat(String nodeId, long version, SignedHead head, int load, int maxServing) {
    return registry.heartbeat(nodeId, version, head, load, maxServing);
  }

  /** See {@link Registry#sources}. */
  public Allocation sources(String nodeId, Long version, Integer wanted) {
    return registry.sources(nodeId, version, wanted);
  }

  public void deregister(String nodeId) {
    registry.deregister(nodeId);
  }

  public void evict(String nodeId) {
    registry.evict(nodeId);
  }

  public void revokeTokens(String nodeId) {
    registry.revokeTokens(nodeId);
  }

  /**
   * Takes back revocations kept across a restart; see {@link Registry#restoreRevocations}. The data
   * server calls this at start-up, before any request.
   */
  public void restoreRevocations(Map<String, Instant> kept) {
    registry.restoreRevocations(kept);
  }

  /** See {@link Registry#onRevocation}: called in the revoking request's transaction. */
  public void onRevocation(BiConsumer<String, Instant> listener) {
    registry.onRevocation(listener);
  }

  public boolean isRevoked(String nodeId, Instant expires) {
    return registry.isRevoked(nodeId, expires);
  }

  /** See {@link Registry#report}. */
  public ReportOutcome report(
      String reporterId, String reportedId, SourceFault fault, String reason) {
    return registry.report(reporterId, reportedId, fault, reason);
  }

  public Collection<ResourceNode> nodes() {
    return registry.nodes();
  }

  /**
   * Why this member answers no node now (in a cluster: it is cut off from the others), or {@code
   * null} if it does.
   */
  public String unavailable() {
    return registry.unavailable();
  }

  public boolean isEnrolled(String nodeId) {
    return registry.isEnrolled(nodeId);
  }

  public ResourceNode node(String nodeId) {
    return registry.node(nodeId);
  }

  /**
   * The time leases, grants and tokens are given and checked by: in a cluster the grid's ({@link
   * ClusterTime}), else this machine's.
   */
  public Clock clock() {
    return clock;
  }

  /** How long a registration or heartbeat holds: a lease's expiry less this is when it came. */
  public int leaseSeconds() {
    return leaseSeconds;
  }

  /** The site {@code peerbook.allocation.network.sites} puts the address in, if any. */
  public Optional<String> siteOf(InetAddress address) {
    return catalog.siteOf(address);
  }

  public SourceReports.Standing standing(String nodeId) {
    return registry.standing(nodeId);
  }

  public boolean isDemoted(String nodeId) {
    return registry.isDemoted(nodeId);
  }

  public SourceAllocator.Settings settings() {
    return registry.settings();
  }

  /** Changes the allocation settings; in a cluster, every member's. */
  public SourceAllocator.Settings configure(SourceAllocator.SettingsChange change) {
    return sharedSettings != null ? sharedSettings.change(change) : registry.configure(change);
  }

  public void announceHead(long version) {
    registry.announceHead(version);
  }

  public long headVersion() {
    return registry.headVersion();
  }

  /** See {@link Registry#watchVersions}. */
  public void watchVersions(NodeTable.VersionWatcher watcher) {
    registry.watchVersions(watcher);
  }

  public VersionSpread.Snapshot versionSpread() {
    return registry.versionSpread();
  }

  public RegistryStatistics statistics() {
    return registry.statistics();
  }

  public long headVerifications() {
    return registry.headVerifications();
  }

  public int dataServerGrants() {
    return registry.dataServerGrants();
  }

  public int dataServerWaiting() {
    return registry.dataServerWaiting();
  }

  @PreDestroy
  void stop() {
    if (cluster.enabled()) {
      evidence.close();
      sharedSettings.close();
    }
    registry.close();
  }

  /** Removes the nodes whose lease lapsed; {@link LeaseSweeps} calls it on a timer. */
  public void sweepLapsedLeases() {
    registry.sweep();
  }
}
