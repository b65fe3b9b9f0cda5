package org.peerbook.agent.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  private final AtomicLong knownHead;
  private final ReceivedBytes received;
  private final LongConsumer retryAfterMillis;
  private volatile List<String> lastSources = List.of();
  private volatile Syncing syncing;
  private volatile String lastRefusal = "";
  // the fault of the last source that failed; the sync thread's only
  private SourceFault lastFault;
  private final SyncProgress progress = new SyncProgress(java.time.Clock.systemUTC());

  /** The source a sync is reading from now, and the copy's version when it began. */
  private record Syncing(String source, long before) {}

  /**
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
    Syncing now = syncing;
    List<String> remembered = lastSources;
    if (now == null || store.version() <= now.before()) {
      return remembered;
    }
    return withFirst(remembered, now.source());
  }

  /** How far the running sync got. */
  SyncProgress progress() {
    return progress;
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
   * resource manager until a node can help, or it ends with a retry hint.
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
      for (SourceOffer source : offered.sources()) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (failed.contains(source.nodeId())) {
          continue;
        }
        tried++;
        lastFault = null;
        if (!syncFrom(source)) {
          failed.add(source.nodeId());
          busy += lastFault == SourceFault.BUSY ? 1 : 0;
        } else if (store.version() >= knownHead.get()) {
          return;
        }
      }
      if (tried == 0 || busy == tried) {
        // offered only what failed already, or every source was busy: asking again now would
        // get the same; the agent tries again after a backoff
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
  boolean syncFrom(URI address, String name, long offered, boolean dataServer) {
    long before = store.version();
    syncing = new Syncing(name, before);
    progress.started(name);
    var client = new SyncSourceClient(address, credentials::peerToken, http);
    try {
      CopySync.Result result =
          new CopySync(store, verifier, settings.nodeId(), syncAddress.toString(), settings.sync())
              .syncFrom(client, received.from(dataServer), progress);
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
        lastSources = withFirst(lastSources, name);
      }
      syncing = null;
      progress.finished();
    }
    return false;
  }

  private void failed(String name, boolean dataServer, SourceFault fault, String reason) {
    lastFault = fault;
    if (Thread.currentThread().isInterrupted()) {
      // the agent is closing: the sync was cut short here, not by the source
      return;
    }
    LOG.warning(() -> "did not sync from " + name + " (" + fault + "): " + reason);
    if (!dataServer) {
      lastRefusal = name + " (" + fault + "): " + reason;
      report(name, fault, reason);
    }
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
