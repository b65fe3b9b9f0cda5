package org.peerbook.registry.nodes.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.DataServerAdmission;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.allocation.control.SourceSelection;
import org.peerbook.registry.allocation.control.StrategyCatalog;
import org.peerbook.registry.nodes.control.InvalidNodeException;
import org.peerbook.registry.nodes.control.NodeAddresses;
import org.peerbook.registry.nodes.control.NodeClaimException;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.RegistryStatistics;
import org.peerbook.registry.nodes.control.UnknownNodeException;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The resource manager: the one owner of the node table. Concurrency: every method runs under the
 * container's shared read lock, and the table is a {@link ConcurrentHashMap} whose entries are
 * immutable records replaced atomically per node, so requests never wait for one another; only
 * nodes that need the data server pass through the small synchronized admission queue.
 *
 * <p>At start-up the data server registers itself: it is the source of last resort (patent D1).
 */
@Singleton
@Startup
@Lock(LockType.READ)
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
  @ConfigProperty(name = "peerbook.registry.sweep-interval-millis", defaultValue = "1000")
  long sweepIntervalMillis;

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
  @ConfigProperty(name = "peerbook.allocation.retry-after-seconds", defaultValue = "5")
  int retryAfterSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.report-threshold", defaultValue = "3")
  int reportThreshold;

  @Inject StrategyCatalog catalog;

  @Resource TimerService timers;

  private final ConcurrentMap<String, ResourceNode> nodes = new ConcurrentHashMap<>();
  // host:port of every node's sync address → its node id; registrations check both under claims
  private final ConcurrentMap<String, String> endpoints = new ConcurrentHashMap<>();
  // evicted node → until when tokens of it may still be valid
  private final ConcurrentMap<String, Instant> revocations = new ConcurrentHashMap<>();
  private final Object claims = new Object();
  private final ConcurrentMap<String, java.util.Set<String>> reporters = new ConcurrentHashMap<>();
  private final DataServerAdmission admission = new DataServerAdmission();
  private final RegistryStatistics statistics = new RegistryStatistics();
  private final Clock clock = Clock.systemUTC();
  private volatile AllocationChain chain;
  private volatile int k;
  private volatile int dataServerSlots;
  // off: every node syncs from the data server, as before PeerBook (for comparison, or incidents)
  private volatile boolean peerAssisted;
  private volatile long headVersion;

  @PostConstruct
  void start() {
    // an unknown strategy in the configuration fails the deployment, loudly
    chain = catalog.chain(configuredChain);
    k = checkedK(configuredK);
    dataServerSlots = checkedSlots(configuredSlots);
    peerAssisted = configuredPeerAssisted;
    Instant now = clock.instant();
    URI ownAddress = NodeAddresses.syncAddress(dataServerUrl);
    endpoints.put(NodeAddresses.endpoint(ownAddress), dataServerId);
    nodes.put(
        dataServerId,
        new ResourceNode(
            dataServerId,
            ownAddress,
            InetAddress.getLoopbackAddress(),
            0,
            0,
            0,
            Instant.MAX,
            true,
            now));
    timers.createIntervalTimer(
        sweepIntervalMillis, sweepIntervalMillis, new TimerConfig("lease sweep", false));
    LOG.info(
        () ->
            "resource manager up: data server "
                + dataServerUrl
                + ", chain "
                + chain.names()
                + ", k="
                + k
                + ", lease "
                + leaseSeconds
                + " s");
  }

  /**
   * What a node learns when it registers or heartbeats.
   *
   * @param revoked nodes evicted so recently that tokens of theirs may still be valid: agents
   *     refuse them, since they check tokens without calling home
   */
  public record Lease(int leaseSeconds, long headVersion, Set<String> revoked) {}

  /**
   * Adds a node, or refreshes it if it registered before (idempotent for the node itself).
   *
   * @throws NodeClaimException if a live node holds the id (and the registration does not prove to
   *     be that node) or the sync endpoint
   */
  public Lease register(Registration registration) {
    String nodeId = NodeAddresses.nodeId(registration.nodeId());
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "is the data server's own id");
    }
    URI syncAddress = NodeAddresses.syncAddress(registration.syncAddress());
    InetAddress networkAddress = NodeAddresses.networkAddress(registration.networkAddress());
    long version = NodeAddresses.version(registration.version());
    Instant now = clock.instant();
    synchronized (claims) {
      ResourceNode holder = nodes.get(nodeId);
      if (holder != null && holder.isLive(now) && !nodeId.equals(registration.provenNodeId())) {
        throw NodeClaimException.idTaken(
            nodeId, Math.max(1, Duration.between(now, holder.leaseExpiry()).toSeconds()));
      }
      String endpoint = NodeAddresses.endpoint(syncAddress);
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
              version,
              holder == null ? 0 : holder.load(),
              0,
              now.plusSeconds(leaseSeconds),
              false,
              holder == null ? now : holder.registeredAt());
      nodes.put(nodeId, registered);
      endpoints.put(endpoint, nodeId);
      if (holder != null && !NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)) {
        endpoints.remove(NodeAddresses.endpoint(holder.syncAddress()), nodeId);
      }
    }
    revocations.remove(nodeId);
    settleGrant(nodeId, version);
    statistics.registrations.increment();
    return new Lease(leaseSeconds, headVersion, revoked(now));
  }

  public Lease heartbeat(String nodeId, long version, int load) {
    NodeAddresses.version(version);
    if (load < 0) {
      throw new InvalidNodeException("load", "must not be negative");
    }
    Instant now = clock.instant();
    Instant expiry = now.plusSeconds(leaseSeconds);
    // a lapsed lease is not revived by a late heartbeat: the node must register again
    boolean[] renewed = {false};
    nodes.computeIfPresent(
        nodeId,
        (id, node) -> {
          if (node.origin() || !node.isLive(now)) {
            return node;
          }
          renewed[0] = true;
          return node.heartbeat(version, load, expiry);
        });
    if (!renewed[0]) {
      throw new UnknownNodeException(nodeId);
    }
    settleGrant(nodeId, version);
    statistics.heartbeats.increment();
    return new Lease(leaseSeconds, headVersion, revoked(now));
  }

  /**
   * Whom {@code nodeId} should sync from: up to {@code wanted} peers that are ahead of it; else the
   * data server if it is behind the head and a data-server slot is free; else a retry hint.
   *
   * @param version the requester's version if fresher than its last report, else {@code null}
   * @param wanted how many sources it wants, {@code null} for the configured default
   */
  public Allocation sources(String nodeId, Long version, Integer wanted) {
    ResourceNode requester = nodes.get(nodeId);
    if (requester == null || requester.origin()) {
      throw new UnknownNodeException(nodeId);
    }
    long requesterVersion = version == null ? requester.version() : NodeAddresses.version(version);
    int count = wanted == null ? k : Math.min(checkedWanted(wanted), maxK);
    statistics.sourceRequests.increment();
    Instant now = clock.instant();
    AllocationChain current = chain;
    List<ResourceNode> peers =
        !peerAssisted
            ? List.of()
            : SourceSelection.peers(
                new Requester(nodeId, requester.networkAddress(), requesterVersion),
                nodes.values(),
                current,
                count,
                now,
                ThreadLocalRandom.current());
    long head = headVersion;
    if (!peers.isEmpty()) {
      List<ResourceNode> handedOut = new ArrayList<>(peers.size());
      for (ResourceNode peer : peers) {
        ResourceNode counted = nodes.computeIfPresent(peer.nodeId(), (id, n) -> n.handedOutOnce());
        handedOut.add(counted == null ? peer : counted);
      }
      statistics.allocatedBy(current.leading());
      return new Allocation(handedOut, false, 0, head);
    }
    if (requesterVersion >= head) {
      statistics.upToDate.increment();
      return new Allocation(List.of(), false, 0, head);
    }
    if (admission.admit(
        nodeId,
        now,
        dataServerSlots,
        Duration.ofSeconds(grantSeconds),
        Duration.ofSeconds(3L * retryAfterSeconds))) {
      statistics.dataServerFallbacks.increment();
      return new Allocation(List.of(nodes.get(dataServerId)), true, 0, head);
    }
    statistics.dataServerRetries.increment();
    return new Allocation(List.of(), false, retryAfterSeconds, head);
  }

  public void deregister(String nodeId) {
    remove(nodeId);
    statistics.deregistrations.increment();
  }

  /** An administrator removes a node; it must register again to come back. */
  public void evict(String nodeId) {
    remove(nodeId);
    revoke(nodeId);
    statistics.evictions.increment();
  }

  /** A node's tokens live two leases: that long, every lease tells agents to refuse them. */
  private void revoke(String nodeId) {
    revocations.put(nodeId, clock.instant().plusSeconds(2L * leaseSeconds));
  }

  private Set<String> revoked(Instant now) {
    Set<String> current = new HashSet<>();
    revocations.forEach(
        (nodeId, until) -> {
          if (until.isAfter(now)) {
            current.add(nodeId);
          }
        });
    return current;
  }

  private void remove(String nodeId) {
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "the data server cannot leave its own registry");
    }
    ResourceNode removed = nodes.remove(nodeId);
    if (removed == null) {
      throw new UnknownNodeException(nodeId);
    }
    forget(removed);
  }

  private void forget(ResourceNode removed) {
    endpoints.remove(NodeAddresses.endpoint(removed.syncAddress()), removed.nodeId());
    reporters.remove(removed.nodeId());
    admission.release(removed.nodeId());
  }

  private ResourceNode nodeAt(String endpoint) {
    String holder = endpoints.get(endpoint);
    return holder == null ? null : nodes.get(holder);
  }

  /**
   * A node says another served it data that failed verification. Once {@code report-threshold}
   * distinct nodes said so, the reported node is evicted: one liar cannot evict an honest node
   * alone, and a forging node cannot keep its lease.
   *
   * @return whether the reported node was evicted
   */
  public boolean report(String reporterId, String reportedId, SourceFault fault, String reason) {
    ResourceNode reporter = nodes.get(reporterId);
    if (reporter == null || reporter.origin()) {
      throw new UnknownNodeException(reporterId);
    }
    if (reportedId.equals(dataServerId) || reportedId.equals(reporterId)) {
      throw new InvalidNodeException("nodeId", "cannot report the data server or oneself");
    }
    if (!nodes.containsKey(reportedId)) {
      throw new UnknownNodeException(reportedId);
    }
    statistics.reports.increment();
    var distinct = reporters.computeIfAbsent(reportedId, id -> ConcurrentHashMap.newKeySet());
    distinct.add(reporterId);
    LOG.warning(() -> reporterId + " reports " + reportedId + " (" + fault + "): " + reason);
    ResourceNode evicted = distinct.size() >= reportThreshold ? nodes.remove(reportedId) : null;
    if (evicted != null) {
      forget(evicted);
      revoke(reportedId);
      statistics.evictions.increment();
      LOG.warning(() -> "evicted " + reportedId + " after " + distinct.size() + " reports");
      return true;
    }
    return false;
  }

  /** Every node holding a lease, the data server first. */
  public Collection<ResourceNode> nodes() {
    Instant now = clock.instant();
    return nodes.values().stream()
        .filter(node -> node.isLive(now))
        .sorted(
            java.util.Comparator.comparing(ResourceNode::origin)
                .reversed()
                .thenComparing(ResourceNode::nodeId))
        .toList();
  }

  /** Whether {@code nodeId} is a node (not the data server) with a live lease. */
  public boolean isEnrolled(String nodeId) {
    ResourceNode node = nodes.get(nodeId);
    return node != null && !node.origin() && node.isLive(clock.instant());
  }

  public ResourceNode node(String nodeId) {
    ResourceNode node = nodes.get(nodeId);
    if (node == null || !node.isLive(clock.instant())) {
      throw new UnknownNodeException(nodeId);
    }
    return node;
  }

  /** The allocation settings in force. */
  public record Settings(
      String chain, int k, int maxK, int dataServerSlots, boolean peerAssisted) {}

  /** A change of the allocation settings; {@code null} keeps a setting as it is. */
  public record SettingsChange(
      String chain, Integer k, Integer dataServerSlots, Boolean peerAssisted) {}

  public Settings settings() {
    return new Settings(chain.names(), k, maxK, dataServerSlots, peerAssisted);
  }

  /** Changes the allocation settings at run time; a bad value changes nothing. */
  public synchronized Settings configure(SettingsChange change) {
    AllocationChain parsedChain = change.chain() == null ? chain : catalog.chain(change.chain());
    int checkedK = change.k() == null ? k : checkedK(change.k());
    int checkedSlots =
        change.dataServerSlots() == null ? dataServerSlots : checkedSlots(change.dataServerSlots());
    chain = parsedChain;
    k = checkedK;
    dataServerSlots = checkedSlots;
    if (change.peerAssisted() != null) {
      peerAssisted = change.peerAssisted();
    }
    Settings now = settings();
    LOG.info(() -> "allocation now " + now);
    return now;
  }

  /** The data server tells its registry of each committed head. */
  public void announceHead(long version) {
    synchronized (this) {
      if (version <= headVersion) {
        return;
      }
      headVersion = version;
    }
    nodes.computeIfPresent(dataServerId, (id, node) -> node.atVersion(version));
  }

  public long headVersion() {
    return headVersion;
  }

  public RegistryStatistics statistics() {
    return statistics;
  }

  public int dataServerGrants() {
    return admission.granted();
  }

  public int dataServerWaiting() {
    return admission.waiting();
  }

  @Timeout
  void sweepLapsedLeases() {
    Instant now = clock.instant();
    revocations.values().removeIf(until -> !until.isAfter(now));
    for (ResourceNode node : nodes.values()) {
      if (!node.isLive(now) && nodes.remove(node.nodeId(), node)) {
        forget(node);
        statistics.expirations.increment();
        LOG.fine(() -> "lease of " + node.nodeId() + " lapsed");
      }
    }
  }

  /** A node at the head gives its data-server slot back; one still behind keeps it a while. */
  private void settleGrant(String nodeId, long version) {
    if (version >= headVersion) {
      admission.release(nodeId);
    } else {
      admission.extend(nodeId, clock.instant(), Duration.ofSeconds(grantSeconds));
    }
  }

  private int checkedK(int value) {
    if (value < 1 || value > maxK) {
      throw new InvalidNodeException("k", "must be between 1 and " + maxK);
    }
    return value;
  }

  private static int checkedSlots(int value) {
    if (value < 1) {
      throw new InvalidNodeException("dataServerSlots", "must be at least 1");
    }
    return value;
  }

  private int checkedWanted(int value) {
    if (value < 1) {
      throw new InvalidNodeException("k", "must be at least 1");
    }
    return value;
  }
}
