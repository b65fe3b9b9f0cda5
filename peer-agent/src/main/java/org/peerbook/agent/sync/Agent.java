package org.peerbook.agent.sync;

import jakarta.json.JsonStructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peerbook.agent.directory.DirectoryServer;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.store.StoreException;
import org.peerbook.agent.transport.LookupServer;
import org.peerbook.agent.transport.PeerServer;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncServing;

/**
 * A running agent, put together from its parts: its {@link Membership} with the resource manager,
 * the {@link SourceSyncs} that bring its copy to the head, the {@link PeerServer} that serves other
 * peers, the local lookups and the optional LDAP directory. Syncs run one at a time on one thread,
 * so the copy is only ever changed by one sync; heartbeats run on a thread of their own, so that a
 * long sync (a large snapshot) neither lets the lease lapse nor loses the data-server slot it
 * holds.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  // how long the registry's word on where a requester is listed is used again (F4)
  private static final java.time.Duration LISTING_REMEMBERED = java.time.Duration.ofSeconds(10);

  private final AgentSettings settings;
  private final LocalStore store;
  private final RegistryClient registry;
  private final PeerServer peers;
  private final LookupServer lookups;
  private final Optional<DirectoryServer> directory;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private final SyncRequests syncRequests = new SyncRequests(scheduler, this::syncNow);
  private final NodeCredentials credentials;
  // peers' tokens expire by the resource manager's clock, whatever this machine's says
  private final RegistryClock registryClock = new RegistryClock(java.time.Clock.systemUTC());
  private final PeerRequestRates peerRates = new PeerRequestRates(System::nanoTime);
  private final URI syncAddress;
  private final AtomicLong knownHead = new AtomicLong();
  // syncs in a row that ended behind the known head; read and written on the sync thread only
  private int syncsBehind;
  private final ReceivedBytes received = new ReceivedBytes();
  private final Membership membership;
  private final SourceSyncs syncs;
  private final CopyWriteBackoff copyWrites;

  public Agent(AgentSettings settings) throws IOException {
    this.settings = settings;
    this.store = LocalStore.open(settings.dataDir(), settings.retainedEntries());
    this.copyWrites = new CopyWriteBackoff(store, System::nanoTime);
    var snapshots =
        new SnapshotFiles(
            settings.dataDir().resolve("snapshots"),
            store,
            SnapshotFiles.maxLagFor(settings.retainedEntries()));
    var verifier = new SyncVerifier(settings.trustedKey());
    this.credentials =
        new NodeCredentials(
            settings.trustedKey(), registryClock, settings.dataDir().resolve("node-token"));
    this.registry =
        new RegistryClient(
            settings.registryApis(),
            credentials::registryToken,
            settings.tls().connecting(),
            registryClock::observe);
    HttpClient http = SyncSourceClient.httpClient(settings.tls().connecting());
    var requesterPulls =
        new RequesterPulls(
            nodeId -> registry.listedAddress(settings.nodeId(), nodeId),
            this::pullFromRequester,
            java.time.Instant::now,
            LISTING_REMEMBERED);
    this.peers =
        new PeerServer(
            settings.listen(),
            settings.limits(),
            settings.tls().serving(),
            new SyncServing(
                (request, authorization) -> {
                  credentials.check(request, authorization);
                  peerRates.admit(request.nodeId());
                },
                new PeerSource(store, snapshots, requesterPulls, scheduler),
                new ServingSlots(settings.maxServing())));
    this.syncAddress =
        URI.create(
            settings.tls().scheme()
                + "://"
                + settings.advertisedHost()
                + ":"
                + peers.address().getPort()
                + "/api/sync");
    this.lookups =
        new LookupServer(
            settings.lookupListen(),
            settings.limits(),
            settings.lookupToken(),
            new LocalLookups(store, this::status));
    this.membership =
        new Membership(
            settings,
            syncAddress,
            registry,
            credentials,
            store,
            peers::load,
            received,
            scheduler,
            heartbeats,
            knownHead,
            new Membership.Listener() {
              @Override
              public void joined() {
                syncNow();
              }

              @Override
              public void headMoved(long delayMillis, boolean newHead) {
                if (newHead) {
                  syncRequests.request(delayMillis);
                } else {
                  syncRequests.requestUnlessRunning(delayMillis);
                }
              }
            });
    this.syncs =
        new SourceSyncs(
            settings,
            store,
            registry,
            new SourceAttempts(
                settings,
                syncAddress,
                store,
                verifier,
                credentials,
                registry,
                http,
                snapshots,
                received),
            knownHead,
            syncRequests::request);
    try {
      this.directory = settings.directory().map(wanted -> new DirectoryServer(wanted, store));
    } catch (RuntimeException e) {
      // nothing runs yet: let go of the ports and the copy, so the caller can report and exit
      lookups.close();
      peers.close();
      registry.close();
      store.close();
      throw e;
    }
  }

  public void start() {
    LOG.info(
        () ->
            "agent "
                + settings.nodeId()
                + " at version "
                + store.version()
                + ", serving peers at "
                + syncAddress
                + ", lookups at "
                + lookups.address());
    scheduler.execute(membership::join);
    // on the heartbeats' thread: the sync thread's own executor is the one a stalled sync holds
    long every = StalledSyncWatch.STALL.toMillis() / 6;
    heartbeats.scheduleWithFixedDelay(
        new StalledSyncWatch(syncs.progress()), every, every, TimeUnit.MILLISECONDS);
  }

  public URI syncAddress() {
    return syncAddress;
  }

  public java.net.InetSocketAddress lookupAddress() {
    return lookups.address();
  }

  /** Where the LDAP directory listens, if it was asked for. */
  public Optional<java.net.InetSocketAddress> directoryAddress() {
    return directory.map(DirectoryServer::address);
  }

  LocalStore store() {
    return store;
  }

  /** F4: not offered by the registry, so nothing to report if it does not deliver. */
  private void pullFromRequester(URI address, String nodeId) {
    if (copyWrites.untroubled()) {
      syncs.syncFrom(address, nodeId, 0, false);
    }
  }

  /** 0.5 s doubling to 30 s, each wait drawn between half and all of it. */
  public static long backoff(int attempt) {
    return Membership.backoff(attempt);
  }

  /**
   * Syncs until the copy holds the head the resource manager knows, or nobody can help now; then,
   * still behind (every source it was offered busy, say), tries again after a backoff instead of
   * waiting for a heartbeat: every node hears of a new head at once, so the first to ask find few
   * holders, and those busy.
   */
  private void syncNow() {
    long untilFetch = copyWrites.millisUntilFetch();
    if (untilFetch > 0) {
      syncRequests.request(untilFetch);
      return;
    }
    long before = store.version();
    try {
      syncs.syncRounds();
    } finally {
      if (store.version() > before) {
        // tell the resource manager at once: others may sync from us now
        membership.reportVersion();
      }
      long copyWait = copyWrites.afterSync();
      if (copyWait > 0 && !scheduler.isShutdown()) {
        syncRequests.request(copyWait);
      } else if (store.version() < knownHead.get() && !scheduler.isShutdown()) {
        // a new head heard of meanwhile (a heartbeat's answer) brings the waiting sync forward
        syncRequests.request(backoff(syncsBehind++));
      } else {
        syncsBehind = 0;
        membership.caughtUp();
      }
    }
  }

  JsonStructure status() {
    return new AgentStatus(
            settings.nodeId(),
            syncAddress,
            store,
            knownHead,
            membership,
            syncs,
            peers,
            received,
            registryClock)
        .json();
  }

  /** The copy's version (0: it never synced). */
  public long copyVersion() {
    return store.version();
  }

  /** Whether the copy's search indexes are being built, after a snapshot or a broken-off build. */
  public boolean copyIndexing() {
    return store.indexing();
  }

  /** How far the running sync got, for the CLI's progress line. */
  public Optional<SyncProgress.Now> syncProgress() {
    return syncs.progress().now();
  }

  @Override
  /**
   * Leaves the registry first, so that nobody is sent here any more, then stops serving and
   * syncing. Each step runs even if one before it failed: a sync interrupted mid-change may leave
   * the store unable to close cleanly, and it reopens at its last committed version anyway.
   */
  public void close() {
    heartbeats.shutdownNow();
    membership.leave();
    peers.close();
    scheduler.shutdownNow();
    syncs.close();
    try {
      heartbeats.awaitTermination(10, TimeUnit.SECONDS);
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lookups.close();
    directory.ifPresent(DirectoryServer::close);
    registry.close();
    try {
      store.close();
    } catch (StoreException e) {
      LOG.warning(
          "the copy did not close cleanly ("
              + e.getMessage()
              + "); it reopens at its last committed version");
    }
  }
}
