package org.peerbook.agent.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.store.StoreException;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.VerificationException;
import org.peerbook.protocol.registry.RegistryBinding;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * Brings the copy to the head from the sources the resource manager offers: one after the other,
 * reporting each that fails to deliver what it was offered for, and asking again for others. Runs
 * on the agent's one sync thread.
 */
final class SourceSyncs {
  private static final Logger LOG = Logger.getLogger(SourceSyncs.class.getName());
  private static final int MAX_ROUNDS = 5;

  private final AgentSettings settings;
  private final URI syncAddress;
  private final LocalStore store;
  private final SyncVerifier verifier;
  private final NodeCredentials credentials;
  private final RegistryClient registry;
  private final HttpClient http;
  private final SnapshotKeeper snapshots;
  private final AtomicLong knownHead;
  private final ReceivedBytes received;
  private final LongConsumer retryAfterMillis;
  private volatile List<String> lastSources = List.of();
  // the syncs running now: the sync thread's and a hedge's
  private final Set<Syncing> running = ConcurrentHashMap.newKeySet();
  private volatile String lastRefusal = "";
  private final SyncProgress progress = new SyncProgress(java.time.Clock.systemUTC());
  private final ExecutorService hedges = SlowSourceHedge.thread();
  private final AtomicLong hedgedCopies = new AtomicLong();

  /** The source a sync is reading from now, and that sync. */
  private record Syncing(String source, CopySync copy) {}

  /**
   * @param snapshots keeps a snapshot a source sent gzipped, to serve peers as it came
   * @param knownHead the head the resource manager last told of; raised by sources answers
   * @param retryAfterMillis asks for another sync after this long, when no source can be offered
   *     yet
   */
  SourceSyncs(
      AgentSettings settings,
      URI syncAddress,
      LocalStore store,
      SyncVerifier verifier,
      NodeCredentials credentials,
      RegistryClient registry,
      HttpClient http,
      SnapshotKeeper snapshots,
      AtomicLong knownHead,
      ReceivedBytes received,
      LongConsumer retryAfterMillis) {
    this.settings = settings;
    this.syncAddress = syncAddress;
    this.store = store;
    this.verifier = verifier;
    this.credentials = credentials;
    this.registry = registry;
    this.http = http;
    this.snapshots = snapshots;
    this.knownHead = knownHead;
    this.received = received;
    this.retryAfterMillis = retryAfterMillis;
  }

  /**
   * The last sources the copy changed from, newest first (at most five). A source whose changes are
   * committed counts at once, while its sync still runs: whoever sees the copy's new version sees
   * where it came from.
   */
  List<String> lastSources() {
    List<String> sources = lastSources;
    for (Syncing now : running) {
      if (now.copy().movedTheCopy()) {
        sources = withFirst(sources, now.source());
      }
    }
    return sources;
  }

  /** How far the running sync got. */
  SyncProgress progress() {
    return progress;
  }

  /** Copies started beside a slow source since the agent started. */
  long hedgedCopies() {
    return hedgedCopies.get();
  }

  /** The last source that failed, why, in words; empty if none did. */
  String lastRefusal() {
    return lastRefusal;
  }

  /**
   * Asks for sources and syncs from them until the copy holds the known head. A source that fails
   * is reported and the next one is tried; when a whole round yields nothing, the resource manager
   * is asked again, and after reports it offers others or the data server — unless every source of
   * the round was busy, when the sync ends (asking again at once would find them busy still).
   * Sources that failed in this call are not tried again in it; {@link #MAX_ROUNDS} bounds the
   * asking (the agent tries again after a backoff). A request nobody can answer yet is held by the
   * resource manager until a node can help, or it ends with a retry hint. A peer that turns out
   * slow gets a second copy beside it, from the peers offered after it ({@link SlowSourceHedge}).
   */
  void syncRounds() {
    Set<String> failed = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      SourcesAnswer offered;
      try {
        // held while nobody can help yet: it is answered as soon as a node can
        offered =
            registry.sources(
                settings.nodeId(),
                store.version(),
                Duration.ofSeconds(RegistryBinding.AGENT_SOURCES_WAIT_SECONDS));
      } catch (RegistryUnavailableException e) {
        LOG.fine(() -> "cannot ask for sources: " + e.getMessage());
        return;
      }
      knownHead.accumulateAndGet(offered.headVersion(), Math::max);
      if (offered.retryAfterSeconds() > 0) {
        retryAfterMillis.accept(TimeUnit.SECONDS.toMillis(offered.retryAfterSeconds()));
        return;
      }
      if (offered.sources().isEmpty()) {
        return;
      }
      int tried = 0;
      int busy = 0;
      List<SourceOffer> sources = offered.sources();
      for (int i = 0; i < sources.size(); i++) {
        SourceOffer source = sources.get(i);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (failed.contains(source.nodeId())) {
          continue;
        }
        tried++;
        var hedge = new SlowSourceHedge(hedges, peersAfter(sources, i, failed), this::hedgeFrom);
        Attempt attempt = attempt(source, hedge);
        if (!attempt.synced()) {
          failed.add(source.nodeId());
          busy += attempt.fault() == SourceFault.BUSY ? 1 : 0;
        }
        if (store.version() >= knownHead.get()) {
          // a hedge still running stops at its next wait: the copy moved past what it holds
          return;
        }
        if (!attempt.synced()) {
          // the copy beside it, if one started, stands in for this source: what does it bring?
          failed.addAll(hedge.awaitEnd());
        }
      }
      if (tried == 0 || busy == tried) {
        // offered only what failed already, or every source was busy: asking again now would
        // get the same; the agent tries again after a backoff
        return;
      }
    }
  }

  /** The peers offered after {@code current} not yet failed: where a hedge copies from. */
  private static List<SourceOffer> peersAfter(
      List<SourceOffer> sources, int current, Set<String> failed) {
    return sources.subList(current + 1, sources.size()).stream()
        .filter(offer -> !offer.dataServer() && !failed.contains(offer.nodeId()))
        .toList();
  }

  /** A hedge's copy from one source: no hedge of its own, no part in the status's sync. */
  private boolean hedgeFrom(SourceOffer source) {
    if (store.version() >= knownHead.get()) {
      return true;
    }
    return attempt(
            URI.create(source.syncAddress()),
            source.nodeId(),
            source.version(),
            false,
            SlowSource.NEVER,
            () -> {},
            new SyncProgress(java.time.Clock.systemUTC()))
        .synced();
  }

  private Attempt attempt(SourceOffer source, SlowSourceHedge hedge) {
    return attempt(
        URI.create(source.syncAddress()),
        source.nodeId(),
        source.version(),
        source.dataServer(),
        hedge.possible() ? settings.sync().slowSource() : SlowSource.NEVER,
        () -> {
          if (hedge.start()) {
            hedgedCopies.incrementAndGet();
          }
        },
        progress);
  }

  /**
   * Syncs from one source (an F4 pull: not offered by the resource manager) and, if it failed to
   * deliver what it was offered for, reports it.
   *
   * @return whether the copy now holds what the source holds
   */
  boolean syncFrom(URI address, String name, long offered, boolean dataServer) {
    return attempt(address, name, offered, dataServer, SlowSource.NEVER, () -> {}, progress)
        .synced();
  }

  /**
   * How a sync from one source ended: whether the copy holds what the source holds, and what the
   * source did wrong if it did not deliver (null: nothing to hold against it).
   */
  private record Attempt(boolean synced, SourceFault fault) {}

  /**
   * Syncs from one source and, if it failed to deliver what it was offered for, reports it with the
   * reason (the data server excepted: the resource manager takes no reports about it).
   *
   * @param offered the version the source was offered at (or claimed, for an F4 pull): a source
   *     above the copy that leaves it where it was is not what it claimed
   * @param onSlow told once if the source's bytes flow slower than {@code slow}
   */
  private Attempt attempt(
      URI address,
      String name,
      long offered,
      boolean dataServer,
      SlowSource slow,
      Runnable onSlow,
      SyncProgress progress) {
    long before = store.version();
    var copy =
        new CopySync(store, verifier, settings.nodeId(), syncAddress.toString(), settings.sync());
    var syncing = new Syncing(name, copy);
    running.add(syncing);
    progress.started(name);
    var client = new SyncSourceClient(address, credentials::peerToken, http, snapshots);
    try {
      CopySync.Result result =
          copy.syncFrom(client, received.from(dataServer), progress, slow, onSlow);
      if (result.version() == before && offered > before) {
        return failed(
            name,
            dataServer,
            SourceFault.NOT_AHEAD,
            "offered at version "
                + offered
                + " but answered "
                + (result.outcome() == CopySync.Outcome.SOURCE_BEHIND ? "it is behind" : "EQUAL")
                + " at the copy's version "
                + before);
      }
      LOG.info(() -> "synced from " + name + ": now at version " + result.version());
      return new Attempt(result.outcome() == CopySync.Outcome.SYNCED, null);
    } catch (VerificationException | MalformedMessageException e) {
      return failed(name, dataServer, SourceFault.REFUSED, e.getMessage());
    } catch (SourceFailedException e) {
      return failed(name, dataServer, e.fault(), e.getMessage());
    } catch (CopyOvertakenException e) {
      LOG.info(() -> "stopped syncing from " + name + ": another source moved the copy first");
    } catch (StoreException e) {
      LOG.info(() -> "could not sync from " + name + ": " + e.getMessage());
    } finally {
      // a source may fail after a verified snapshot was applied: it still was our source
      if (copy.movedTheCopy()) {
        remember(name);
      }
      running.remove(syncing);
      progress.finished();
    }
    return new Attempt(false, null);
  }

  private synchronized void remember(String source) {
    lastSources = withFirst(lastSources, source);
  }

  private Attempt failed(String name, boolean dataServer, SourceFault fault, String reason) {
    if (Thread.currentThread().isInterrupted()) {
      // the agent is closing: the sync was cut short here, not by the source
      return new Attempt(false, fault);
    }
    LOG.warning(() -> "did not sync from " + name + " (" + fault + "): " + reason);
    if (!dataServer) {
      lastRefusal = name + " (" + fault + "): " + reason;
      report(name, fault, reason);
    }
    return new Attempt(false, fault);
  }

  /** Stops a hedge that still runs: the agent is closing. */
  void close() {
    hedges.shutdownNow();
  }

  private void report(String sourceId, SourceFault fault, String reason) {
    try {
      registry.report(settings.nodeId(), sourceId, fault, reason);
    } catch (RegistryUnavailableException e) {
      LOG.info(() -> "could not report " + sourceId + ": " + e.getMessage());
    }
  }

  private static List<String> withFirst(List<String> remembered, String source) {
    List<String> sources = new ArrayList<>(remembered);
    sources.remove(source);
    sources.add(0, source);
    return List.copyOf(sources.subList(0, Math.min(5, sources.size())));
  }
}
