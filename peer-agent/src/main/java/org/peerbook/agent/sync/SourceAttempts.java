package org.peerbook.agent.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.peerbook.agent.store.CopyWriteException;
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

/**
 * Syncs from one source, as often at once as the agent runs syncs (its sync thread's and a
 * hedge's): what the source did wrong if it did not deliver what it was offered for (reported to
 * the resource manager, the data server excepted), and the sources the copy changed from lately.
 */
final class SourceAttempts {
  private static final Logger LOG = Logger.getLogger(SourceAttempts.class.getName());

  private final AgentSettings settings;
  private final URI syncAddress;
  private final LocalStore store;
  private final SyncVerifier verifier;
  private final NodeCredentials credentials;
  private final RegistryClient registry;
  private final HttpClient http;
  private final SnapshotKeeper snapshots;
  private final ReceivedBytes received;
  private volatile List<String> lastSources = List.of();
  // the syncs running now: the sync thread's and a hedge's
  private final Set<Syncing> running = ConcurrentHashMap.newKeySet();
  private volatile String lastRefusal = "";

  /** The source a sync is reading from now, and that sync. */
  private record Syncing(String source, CopySync copy) {}

  /**
   * How a sync from one source ended: whether the copy holds what the source holds, and what the
   * source did wrong if it did not deliver (null: nothing to hold against it).
   *
   * @param copyRefused the copy could not be written (a full disk): no other source can help now
   */
  record Attempt(boolean synced, SourceFault fault, boolean copyRefused) {
    Attempt(boolean synced, SourceFault fault) {
      this(synced, fault, false);
    }
  }

  /**
   * @param snapshots keeps a snapshot a source sent gzipped, to serve peers as it came
   */
  SourceAttempts(
      AgentSettings settings,
      URI syncAddress,
      LocalStore store,
      SyncVerifier verifier,
      NodeCredentials credentials,
      RegistryClient registry,
      HttpClient http,
      SnapshotKeeper snapshots,
      ReceivedBytes received) {
    this.settings = settings;
    this.syncAddress = syncAddress;
    this.store = store;
    this.verifier = verifier;
    this.credentials = credentials;
    this.registry = registry;
    this.http = http;
    this.snapshots = snapshots;
    this.received = received;
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

  /** The last source that failed, why, in words; empty if none did. */
  String lastRefusal() {
    return lastRefusal;
  }

  /**
   * Syncs from one source and, if it failed to deliver what it was offered for, reports it with the
   * reason (the data server excepted: the resource manager takes no reports about it).
   *
   * @param offered the version the source was offered at (or claimed, for an F4 pull): a source
   *     above the copy that leaves it where it was is not what it claimed
   * @param onSlow told once if the source's bytes flow slower than {@code slow}
   */
  Attempt attempt(
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
    } catch (CopyWriteException e) {
      // the agent says it, and waits before it fetches again (Agent.syncNow)
      LOG.fine(() -> "could not write what " + name + " sent: " + e.getMessage());
      return new Attempt(false, null, true);
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
