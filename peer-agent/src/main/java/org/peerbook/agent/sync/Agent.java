package org.peerbook.agent.sync;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.peerbook.agent.directory.DirectoryServer;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.store.StoreException;
import org.peerbook.agent.transport.LookupServer;
import org.peerbook.agent.transport.PeerServer;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.VerificationException;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourcesAnswer;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncServing;

/**
 * A running agent: registers (retrying with backoff and jitter while the registry is down), asks
 * for sources and syncs from them, heartbeats, serves peers, answers local lookups, and deregisters
 * when closed. Syncs run one at a time on one thread, so the copy is only ever changed by one sync;
 * heartbeats run on a thread of their own, so that a long sync (a large snapshot) neither lets the
 * lease lapse nor loses the data-server slot it holds.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  private static final int MAX_ROUNDS = 5;
  // how long the registry's word on where a requester is listed is used again (F4)
  private static final java.time.Duration LISTING_REMEMBERED = java.time.Duration.ofSeconds(10);

  private final AgentSettings settings;
  private final LocalStore store;
  private final SnapshotFiles snapshots;
  private final RegistryClient registry;
  private final PeerServer peers;
  private final LookupServer lookups;
  private final Optional<DirectoryServer> directory;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private final SyncVerifier verifier;
  private final NodeCredentials credentials;
  private final RequesterPulls requesterPulls;
  private final URI syncAddress;
  private final HttpClient http;
  private volatile boolean registered;
  private volatile long knownHead;
  private volatile List<String> lastSources = List.of();
  private volatile String lastRefusal = "";
  private int failedJoins;

  public Agent(AgentSettings settings) throws IOException {
    this.settings = settings;
    this.store = LocalStore.open(settings.dataDir(), settings.retainedEntries());
    this.snapshots = new SnapshotFiles(settings.dataDir().resolve("snapshots"), store);
    this.verifier = new SyncVerifier(settings.trustedKey());
    this.credentials =
        new NodeCredentials(
            settings.trustedKey(),
            java.time.Clock.systemUTC(),
            settings.dataDir().resolve("node-token"));
    this.registry =
        new RegistryClient(
            settings.registryApi(), credentials::registryToken, settings.tls().connecting());
    this.http = SyncSourceClient.httpClient(settings.tls().connecting());
    this.requesterPulls =
        new RequesterPulls(
            nodeId -> registry.listedAddress(settings.nodeId(), nodeId),
            // not offered by the registry: nothing to report if it does not deliver
            (address, nodeId) -> syncFrom(address, nodeId, 0, false),
            java.time.Instant::now,
            LISTING_REMEMBERED);
    this.peers =
        new PeerServer(
            settings.listen(),
            settings.limits(),
            settings.tls().serving(),
            new SyncServing(
                credentials::check,
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
            new AgentLookups(this));
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
    scheduler.execute(this::join);
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

  private LeaseAnswer register() {
    Optional<SignedHead> head = store.head();
    LeaseAnswer lease =
        registry.register(
            new RegisterRequest(
                settings.nodeId(),
                syncAddress.toString(),
                settings.networkAddress(),
                head.map(SignedHead::version).orElse(0L),
                head,
                Optional.ofNullable(settings.enrollmentSecret())));
    credentials.accept(lease);
    registered = true;
    return lease;
  }

  private void join() {
    try {
      LeaseAnswer lease = register();
      failedJoins = 0;
      knownHead = lease.headVersion();
      LOG.info(() -> "registered; the data server is at version " + lease.headVersion());
      // heartbeats first: the first sync of a large book outlasts a lease and a data-server grant
      long every = Math.max(1, lease.leaseSeconds() * 1000L / 3);
      heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
      syncNow();
    } catch (RegistryUnavailableException e) {
      if (e.status() == 401 || e.status() == 403) {
        LOG.severe("the resource manager refused the enrollment credential: " + e.getMessage());
      }
      long delay = backoff(++failedJoins);
      LOG.info(() -> "cannot register yet (" + e.getMessage() + "); again in " + delay + " ms");
      scheduler.schedule(this::join, delay, TimeUnit.MILLISECONDS);
    }
  }

  /** 0.5 s doubling to 30 s, each wait drawn between half and all of it. */
  public static long backoff(int attempt) {
    long ceiling = Math.min(30_000, 500L << Math.min(attempt, 10));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private void heartbeat() {
    try {
      LeaseAnswer lease = registry.heartbeat(settings.nodeId(), store.head(), peers.load());
      credentials.accept(lease);
      knownHead = lease.headVersion();
      if (knownHead > store.version()) {
        // many agents learn of a new version at once: spread their requests
        long jitter = ThreadLocalRandom.current().nextLong(settings.maxSyncJitter().toMillis() + 1);
        requestSync(jitter);
      }
    } catch (RegistryUnavailableException e) {
      if (e.status() == 404) {
        LOG.info("the lease lapsed or the node was evicted: registering again");
        registered = false;
        rejoin();
      } else {
        LOG.fine(() -> "heartbeat failed: " + e.getMessage());
      }
    }
  }

  private void rejoin() {
    try {
      register();
    } catch (RegistryUnavailableException e) {
      LOG.fine(() -> "re-registering failed: " + e.getMessage());
    }
  }

  /**
   * Queues one sync unless one is queued already: heartbeats during a long sync must not pile up
   * syncs behind it, yet a head that moved during a sync still gets one more.
   */
  private void requestSync(long delayMillis) {
    if (syncQueued.compareAndSet(false, true)) {
      scheduler.schedule(
          () -> {
            syncQueued.set(false);
            syncNow();
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Syncs until the copy holds the head the resource manager knows, or nobody can help now. */
  private void syncNow() {
    long before = store.version();
    try {
      syncRounds();
    } finally {
      if (store.version() > before) {
        // tell the resource manager at once: others may sync from us now
        reportVersion();
      }
    }
  }

  private void reportVersion() {
    try {
      LeaseAnswer lease = registry.heartbeat(settings.nodeId(), store.head(), peers.load());
      credentials.accept(lease);
      knownHead = Math.max(knownHead, lease.headVersion());
    } catch (RegistryUnavailableException e) {
      LOG.fine(() -> "could not report the new version: " + e.getMessage());
    }
  }

  /**
   * Asks for sources and syncs from them until the copy holds the known head. A source that fails
   * is reported (by {@link #syncFrom}) and the next one is tried; when a whole round yields
   * nothing, the resource manager is asked again, and after reports it offers others or the data
   * server. Sources that failed in this call are not tried again in it; {@link #MAX_ROUNDS} bounds
   * the asking, and the next heartbeat that shows a newer head starts again.
   */
  private void syncRounds() {
    Set<String> failed = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      SourcesAnswer offered;
      try {
        offered = registry.sources(settings.nodeId(), store.version());
      } catch (RegistryUnavailableException e) {
        LOG.fine(() -> "cannot ask for sources: " + e.getMessage());
        return;
      }
      knownHead = Math.max(knownHead, offered.headVersion());
      if (offered.retryAfterSeconds() > 0) {
        requestSync(TimeUnit.SECONDS.toMillis(offered.retryAfterSeconds()));
        return;
      }
      if (offered.sources().isEmpty()) {
        return;
      }
      boolean tried = false;
      for (SourceOffer source : offered.sources()) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (failed.contains(source.nodeId())) {
          continue;
        }
        tried = true;
        if (!syncFrom(source)) {
          failed.add(source.nodeId());
        } else if (store.version() >= knownHead) {
          return;
        }
      }
      if (!tried) {
        // offered only what failed already: asking again now would get the same
        return;
      }
    }
  }

  private boolean syncFrom(SourceOffer source) {
    return syncFrom(
        URI.create(source.syncAddress()), source.nodeId(), source.version(), source.dataServer());
  }

  /**
   * Syncs from one source and, if it failed to deliver what it was offered for, reports it with the
   * reason (the data server excepted: the resource manager takes no reports about it).
   *
   * @param offered the version the source was offered at (or claimed, for an F4 pull): a source
   *     above the copy that leaves it where it was is not what it claimed
   * @return whether the copy now holds what the source holds
   */
  private boolean syncFrom(URI address, String name, long offered, boolean dataServer) {
    long before = store.version();
    var client = new SyncSourceClient(address, credentials::peerToken, http);
    try {
      CopySync.Result result =
          new CopySync(store, verifier, settings.nodeId(), syncAddress.toString(), settings.sync())
              .syncFrom(client);
      if (result.version() == before && offered > before) {
        failed(
            name,
            dataServer,
            SourceFault.NOT_AHEAD,
            "offered at version "
                + offered
                + " but answered "
                + (result.outcome() == CopySync.Outcome.SOURCE_BEHIND ? "it is behind" : "EQUAL")
                + " at the copy's version "
                + before);
        return false;
      }
      LOG.info(() -> "synced from " + name + ": now at version " + result.version());
      return result.outcome() == CopySync.Outcome.SYNCED;
    } catch (VerificationException | MalformedMessageException e) {
      failed(name, dataServer, SourceFault.REFUSED, e.getMessage());
    } catch (SourceFailedException e) {
      failed(name, dataServer, e.fault(), e.getMessage());
    } catch (StoreException e) {
      LOG.info(() -> "could not sync from " + name + ": " + e.getMessage());
    } finally {
      // a source may fail after a verified snapshot was applied: it still was our source
      if (store.version() > before) {
        remember(name);
      }
    }
    return false;
  }

  private void failed(String name, boolean dataServer, SourceFault fault, String reason) {
    if (Thread.currentThread().isInterrupted()) {
      // the agent is closing: the sync was cut short here, not by the source
      return;
    }
    LOG.warning(() -> "did not sync from " + name + " (" + fault + "): " + reason);
    if (!dataServer) {
      lastRefusal = name + " (" + fault + "): " + reason;
      reportSource(name, fault, reason);
    }
  }

  private void reportSource(String sourceId, SourceFault fault, String reason) {
    try {
      registry.report(settings.nodeId(), sourceId, fault, reason);
    } catch (RegistryUnavailableException e) {
      LOG.info(() -> "could not report " + sourceId + ": " + e.getMessage());
    }
  }

  private void remember(String source) {
    List<String> sources = new ArrayList<>(lastSources);
    sources.remove(source);
    sources.add(0, source);
    lastSources = List.copyOf(sources.subList(0, Math.min(5, sources.size())));
  }

  JsonStructure status() {
    JsonArrayBuilder sources = Json.createArrayBuilder();
    lastSources.forEach(sources::add);
    LocalStore.Summary copy = store.summary();
    return Json.createObjectBuilder()
        .add("nodeId", settings.nodeId())
        .add("registered", registered)
        .add("version", copy.version())
        .add("headHash", store.headHash())
        .add("knownHeadVersion", knownHead)
        .add("contacts", copy.contacts())
        .add("lastSources", sources)
        .add("servingNow", peers.load())
        .add("served", servedJson())
        .add("syncAddress", syncAddress.toString())
        .add("lastRefusal", lastRefusal)
        .build();
  }

  private JsonStructure servedJson() {
    ServingSlots.Served served = peers.served();
    return Json.createObjectBuilder()
        .add("requests", served.requests())
        .add("peak", served.peak())
        .add("busySeconds", served.busySeconds())
        .build();
  }

  @Override
  /**
   * Leaves the registry first, so that nobody is sent here any more, then stops serving and
   * syncing. Each step runs even if one before it failed: a sync interrupted mid-change may leave
   * the store unable to close cleanly, and it reopens at its last committed version anyway.
   */
  public void close() {
    heartbeats.shutdownNow();
    if (registered) {
      try {
        registry.deregister(settings.nodeId());
      } catch (RuntimeException e) {
        LOG.info("could not deregister: " + e.getMessage());
      }
    }
    peers.close();
    scheduler.shutdownNow();
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

  /** The local lookups over the copy. */
  private record AgentLookups(Agent agent) implements LookupServer.Lookups {
    @Override
    public JsonStructure search(Map<String, String> query) {
      int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be between 1 and 1000");
      }
      var found =
          agent.store.search(
              new LocalStore.Search(
                  blankToNull(query.get("q")),
                  blankToNull(query.get("email")),
                  blankToNull(query.get("phone")),
                  blankToNull(query.get("department"))),
              limit);
      JsonArrayBuilder contacts = Json.createArrayBuilder();
      found.forEach(contact -> contacts.add(WireJson.toJson(contact)));
      return contacts.build();
    }

    @Override
    public JsonStructure contact(String id) {
      return agent.store.contact(id).map(WireJson::toJson).orElse(null);
    }

    @Override
    public JsonStructure status() {
      return agent.status();
    }

    private static String blankToNull(String text) {
      return text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
    }
  }
}
