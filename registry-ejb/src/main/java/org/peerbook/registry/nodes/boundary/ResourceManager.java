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
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationSettings;
import org.peerbook.registry.allocation.control.Allocator;
import org.peerbook.registry.allocation.control.DataServerAdmission;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.allocation.control.StrategyCatalog;
import org.peerbook.registry.nodes.control.HeadProofs;
import org.peerbook.registry.nodes.control.InvalidNodeException;
import org.peerbook.registry.nodes.control.NodeAddresses;
import org.peerbook.registry.nodes.control.NodeClaimException;
import org.peerbook.registry.nodes.control.NodeTable;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.RegistryStatistics;
import org.peerbook.registry.nodes.control.Revocations;
import org.peerbook.registry.nodes.control.UnknownNodeException;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The resource manager: the one owner of the node table, and the facade that ties its parts
 * together — the {@link NodeTable table and its claims}, {@link HeadProofs proofs of versions},
 * {@link Revocations revoked tokens}, {@link SourceReports reports as evidence}, the {@link
 * Allocator allocation decision} and the {@link DataServerAdmission data-server slots}.
 * Concurrency: every method runs under the container's shared read lock; each part is thread-safe
 * on its own, so requests never wait for one another.
 *
 * <p>At start-up the data server registers itself: it is the source of last resort (patent D1).
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class ResourceManager {
  private static final Logger LOG = Logger.getLogger(ResourceManager.class.getName());
  // hand-outs remembered per requester for reports: more than any honest sync round tries
  private static final int HAND_OUTS_PER_REQUESTER = 64;

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

  @Inject
  @ConfigProperty(name = "peerbook.registry.demotion-seconds", defaultValue = "30")
  int demotionSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.report-window-seconds", defaultValue = "300")
  int reportWindowSeconds;

  @Inject
  @ConfigProperty(name = "peerbook.registry.head-proof-cache", defaultValue = "4096")
  int headProofCache;

  @Inject StrategyCatalog catalog;

  @Resource TimerService timers;

  Clock clock = Clock.systemUTC();

  private final NodeTable table = new NodeTable();
  private final DataServerAdmission admission = new DataServerAdmission();
  private final RegistryStatistics statistics = new RegistryStatistics();
  private Revocations revocations;
  private SourceReports reports;
  private volatile HeadProofs proofs;
  private volatile AllocationSettings settings;
  private volatile long headVersion;

  @PostConstruct
  void start() {
    open();
    timers.createIntervalTimer(
        sweepIntervalMillis, sweepIntervalMillis, new TimerConfig("lease sweep", false));
  }

  /** Everything but the sweeping timer: what a unit test starts. */
  void open() {
    // an unknown strategy in the configuration fails the deployment, loudly
    settings =
        new AllocationSettings(
            catalog.chain(configuredChain),
            configuredK,
            maxK,
            configuredSlots,
            configuredPeerAssisted);
    Duration tokenLifetime = Duration.ofSeconds(2L * leaseSeconds);
    revocations = new Revocations(tokenLifetime);
    reports =
        new SourceReports(
            Duration.ofSeconds(reportWindowSeconds),
            HAND_OUTS_PER_REQUESTER,
            Duration.ofSeconds(demotionSeconds),
            reportThreshold);
    table.addOrigin(
        new ResourceNode(
            dataServerId,
            NodeAddresses.syncAddress(dataServerUrl),
            InetAddress.getLoopbackAddress(),
            0,
            0,
            0,
            Instant.MAX,
            true,
            clock.instant()));
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
                + " s");
  }

  /**
   * The data server's book key, with which nodes prove the versions they claim. Until it is known
   * every claim above what a node proved before is capped.
   */
  public void trustBookKey(PublicKey bookKey) {
    proofs = new HeadProofs(bookKey, headProofCache);
  }

  /**
   * What a node learns when it registers or heartbeats.
   *
   * @param revoked node → cut-off: tokens of that node expiring at or before it are revoked; agents
   *     refuse them, since they check tokens without calling home
   * @param countedVersion the version the registry counts the node at (its proven claim)
   */
  public record Lease(
      int leaseSeconds, long headVersion, Map<String, Instant> revoked, long countedVersion) {}

  /**
   * Adds a node, or refreshes it if it registered before (idempotent for the node itself).
   *
   * @throws InvalidNodeException for a bad field or a signed head that proves nothing
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
    long claimed = NodeAddresses.version(registration.version());
    boolean proven = proves(claimed, registration.head());
    Instant now = clock.instant();
    if (revocations.coversTokensIssuedAt(nodeId, now)) {
      throw NodeClaimException.justRevoked(nodeId);
    }
    long known = headVersion;
    ResourceNode registered =
        table.register(
            nodeId,
            syncAddress,
            networkAddress,
            registration.provenNodeId(),
            last -> HeadProofs.counted(claimed, proven, last, known),
            now,
            now.plusSeconds(leaseSeconds));
    settleGrant(nodeId, registered.version());
    statistics.registrations.increment();
    return lease(now, registered);
  }

  /**
   * Renews a node's lease and records its version (proven by {@code head}, else capped) and load.
   */
  public Lease heartbeat(String nodeId, long version, SignedHead head, int load) {
    NodeAddresses.version(version);
    if (load < 0) {
      throw new InvalidNodeException("load", "must not be negative");
    }
    boolean proven = proves(version, head);
    Instant now = clock.instant();
    Instant expiry = now.plusSeconds(leaseSeconds);
    long known = headVersion;
    ResourceNode renewed =
        table.renew(
            nodeId,
            now,
            node ->
                node.heartbeat(
                    HeadProofs.counted(version, proven, node.version(), known), load, expiry));
    if (renewed == null) {
      throw new UnknownNodeException(nodeId);
    }
    settleGrant(nodeId, renewed.version());
    statistics.heartbeats.increment();
    return lease(now, renewed);
  }

  private boolean proves(long claimed, SignedHead head) {
    HeadProofs current = proofs;
    try {
      return current != null && current.proves(claimed, head);
    } catch (InvalidNodeException e) {
      statistics.refusedProofs.increment();
      throw e;
    }
  }

  private Lease lease(Instant now, ResourceNode node) {
    return new Lease(leaseSeconds, headVersion, revocations.current(now), node.version());
  }

  /**
   * Whom {@code nodeId} should sync from: up to {@code wanted} peers that are ahead of it and not
   * demoted; else the data server if it is behind the head and a data-server slot is free; else a
   * retry hint.
   *
   * @param version the requester's version if fresher than its last report, else {@code null}
   * @param wanted how many sources it wants, {@code null} for the configured default
   */
  public Allocation sources(String nodeId, Long version, Integer wanted) {
    ResourceNode requester = table.get(nodeId);
    if (requester == null || requester.origin()) {
      throw new UnknownNodeException(nodeId);
    }
    long requesterVersion = version == null ? requester.version() : NodeAddresses.version(version);
    AllocationSettings current = settings;
    int count = current.sourcesFor(wanted);
    statistics.sourceRequests.increment();
    Instant now = clock.instant();
    long head = headVersion;
    Allocator.Decision decision =
        Allocator.decide(
            new Requester(nodeId, requester.networkAddress(), requesterVersion),
            table.all(),
            current.chain(),
            count,
            current.peerAssisted(),
            head,
            id -> reports.isDemoted(id, now),
            now,
            ThreadLocalRandom.current());
    switch (decision.kind()) {
      case PEERS -> {
        List<ResourceNode> handedOut = new ArrayList<>(decision.peers().size());
        for (ResourceNode peer : decision.peers()) {
          ResourceNode counted = table.update(peer.nodeId(), ResourceNode::handedOutOnce);
          handedOut.add(counted == null ? peer : counted);
        }
        reports.handedOut(nodeId, handedOut.stream().map(ResourceNode::nodeId).toList(), now);
        statistics.allocatedBy(current.chain().leading());
        return new Allocation(handedOut, false, 0, head);
      }
      case UP_TO_DATE -> {
        statistics.upToDate.increment();
        return new Allocation(List.of(), false, 0, head);
      }
      default -> {
        if (admission.admit(
            nodeId,
            now,
            current.dataServerSlots(),
            Duration.ofSeconds(grantSeconds),
            Duration.ofSeconds(3L * retryAfterSeconds))) {
          statistics.dataServerFallbacks.increment();
          return new Allocation(List.of(table.get(dataServerId)), true, 0, head);
        }
        statistics.dataServerRetries.increment();
        return new Allocation(List.of(), false, retryAfterSeconds, head);
      }
    }
  }

  /** The node leaves; the tokens it holds stop working. */
  public void deregister(String nodeId) {
    remove(nodeId);
    revocations.revoke(nodeId, clock.instant());
    statistics.deregistrations.increment();
  }

  /** An administrator removes a node; it must register again to come back. */
  public void evict(String nodeId) {
    remove(nodeId);
    revocations.revoke(nodeId, clock.instant());
    statistics.evictions.increment();
  }

  /**
   * Revokes every token issued to {@code nodeId} so far and removes the node if it is registered:
   * its credential was issued anew, so it must come back with the new one.
   */
  public void revokeTokens(String nodeId) {
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "is the data server's own id");
    }
    ResourceNode removed = table.remove(nodeId);
    if (removed != null) {
      forget(removed);
      statistics.evictions.increment();
    }
    revocations.revoke(nodeId, clock.instant());
  }

  /** Whether the token of {@code nodeId} expiring at {@code expires} was revoked. */
  public boolean isRevoked(String nodeId, Instant expires) {
    return revocations.isRevoked(nodeId, expires);
  }

  private void remove(String nodeId) {
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "the data server cannot leave its own registry");
    }
    ResourceNode removed = table.remove(nodeId);
    if (removed == null) {
      throw new UnknownNodeException(nodeId);
    }
    forget(removed);
  }

  private void forget(ResourceNode removed) {
    reports.forget(removed.nodeId());
    admission.release(removed.nodeId());
  }

  /**
   * What a report did.
   *
   * @param counted whether it counted: the registry had recently handed the reported node to the
   *     reporter (and that hand-out is now used up)
   * @param evicted whether the reported node was evicted
   */
  public record ReportOutcome(boolean counted, boolean evicted) {}

  /**
   * A node says a source it was handed did not deliver what it was offered for. A counted report
   * demotes the source at once (it is handed to nobody for a while, longer each time); once {@code
   * report-threshold} distinct nodes reported it, it is evicted and its tokens revoked, whatever
   * the faults. A report about a node the registry did not hand the reporter changes nothing: a
   * liar cannot get an honest node demoted or evicted by naming it.
   */
  public ReportOutcome report(
      String reporterId, String reportedId, SourceFault fault, String reason) {
    ResourceNode reporter = table.get(reporterId);
    if (reporter == null || reporter.origin()) {
      throw new UnknownNodeException(reporterId);
    }
    if (reportedId.equals(dataServerId) || reportedId.equals(reporterId)) {
      throw new InvalidNodeException("nodeId", "cannot report the data server or oneself");
    }
    if (table.get(reportedId) == null) {
      throw new UnknownNodeException(reportedId);
    }
    statistics.reports.increment();
    Instant now = clock.instant();
    SourceReports.Judgement judgement = reports.judge(reporterId, reportedId, now);
    if (judgement.verdict() == SourceReports.Verdict.IGNORED) {
      statistics.ignoredReports.increment();
      LOG.info(() -> reporterId + " reports " + reportedId + ", not handed to it lately: ignored");
      return new ReportOutcome(false, false);
    }
    statistics.demotions.increment();
    LOG.warning(
        () ->
            reporterId
                + " reports "
                + reportedId
                + " ("
                + fault
                + "): "
                + reason
                + "; demoted until "
                + judgement.demotedUntil());
    if (judgement.verdict() == SourceReports.Verdict.EVICT) {
      ResourceNode evicted = table.remove(reportedId);
      if (evicted != null) {
        forget(evicted);
        revocations.revoke(reportedId, now);
        reports.evicted(reportedId);
        statistics.evictions.increment();
        LOG.warning(
            () ->
                "evicted "
                    + reportedId
                    + " after reports from "
                    + judgement.distinctReporters()
                    + " nodes");
        return new ReportOutcome(true, true);
      }
    }
    return new ReportOutcome(true, false);
  }

  /** Every node holding a lease, the data server first. */
  public Collection<ResourceNode> nodes() {
    return table.live(clock.instant());
  }

  /** Whether {@code nodeId} is a node (not the data server) with a live lease. */
  public boolean isEnrolled(String nodeId) {
    ResourceNode node = table.get(nodeId);
    return node != null && !node.origin() && node.isLive(clock.instant());
  }

  public ResourceNode node(String nodeId) {
    ResourceNode node = table.get(nodeId);
    if (node == null || !node.isLive(clock.instant())) {
      throw new UnknownNodeException(nodeId);
    }
    return node;
  }

  /** Whether the node is handed to nobody for now, after reports against it. */
  public boolean isDemoted(String nodeId) {
    return reports.isDemoted(nodeId, clock.instant());
  }

  /** The allocation settings in force. */
  public record Settings(
      String chain, int k, int maxK, int dataServerSlots, boolean peerAssisted) {}

  /** A change of the allocation settings; {@code null} keeps a setting as it is. */
  public record SettingsChange(
      String chain, Integer k, Integer dataServerSlots, Boolean peerAssisted) {}

  public Settings settings() {
    AllocationSettings current = settings;
    return new Settings(
        current.chain().names(),
        current.k(),
        current.maxK(),
        current.dataServerSlots(),
        current.peerAssisted());
  }

  /** Changes the allocation settings at run time; a bad value changes nothing. */
  public synchronized Settings configure(SettingsChange change) {
    settings =
        settings.with(
            change.chain() == null ? null : catalog.chain(change.chain()),
            change.k(),
            change.dataServerSlots(),
            change.peerAssisted());
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
    table.update(dataServerId, node -> node.atVersion(version));
  }

  public long headVersion() {
    return headVersion;
  }

  public RegistryStatistics statistics() {
    return statistics;
  }

  /** How many claimed heads were really verified (the rest came from the proof cache). */
  public long headVerifications() {
    HeadProofs current = proofs;
    return current == null ? 0 : current.verifications();
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
    table.sweep(
        now,
        lapsed -> {
          forget(lapsed);
          statistics.expirations.increment();
          LOG.fine(() -> "lease of " + lapsed.nodeId() + " lapsed");
        });
    revocations.sweep(now);
    reports.sweep(now);
  }

  /** A node at the head gives its data-server slot back; one still behind keeps it a while. */
  private void settleGrant(String nodeId, long version) {
    admission.settle(
        nodeId, version, headVersion, clock.instant(), Duration.ofSeconds(grantSeconds));
  }
}
