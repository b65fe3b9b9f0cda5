package org.peerbook.agent.sync;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SourceFault;
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
  private final LocalStore store;
  private final RegistryClient registry;
  private final AtomicLong knownHead;
  private final LongConsumer retryAfterMillis;
  private final SourceAttempts attempts;
  private final SyncProgress progress = new SyncProgress(java.time.Clock.systemUTC());
  private final ExecutorService hedges = SlowSourceHedge.thread();
  private final AtomicLong hedgedCopies = new AtomicLong();

  /**
   * @param attempts syncs from one source
   * @param knownHead the head the resource manager last told of; raised by sources answers
   * @param retryAfterMillis asks for another sync after this long, when no source can be offered
   *     yet
   */
  SourceSyncs(
      AgentSettings settings,
      LocalStore store,
      RegistryClient registry,
      SourceAttempts attempts,
      AtomicLong knownHead,
      LongConsumer retryAfterMillis) {
    this.settings = settings;
    this.store = store;
    this.registry = registry;
    this.attempts = attempts;
    this.knownHead = knownHead;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** The last sources the copy changed from, newest first ({@link SourceAttempts}). */
  List<String> lastSources() {
    return attempts.lastSources();
  }

  /** The last source that failed, why, in words; empty if none did. */
  String lastRefusal() {
    return attempts.lastRefusal();
  }

  /** How far the running sync got. */
  SyncProgress progress() {
    return progress;
  }

  /** Copies started beside a slow source since the agent started. */
  long hedgedCopies() {
    return hedgedCopies.get();
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
        SourceAttempts.Attempt attempt = attempt(source, hedge);
        if (attempt.copyRefused()) {
          // every other source would send what the copy cannot take either
          hedge.awaitEnd();
          return;
        }
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
    return attempts
        .attempt(
            URI.create(source.syncAddress()),
            source.nodeId(),
            source.version(),
            false,
            SlowSource.NEVER,
            () -> {},
            new SyncProgress(java.time.Clock.systemUTC()))
        .synced();
  }

  private SourceAttempts.Attempt attempt(SourceOffer source, SlowSourceHedge hedge) {
    return attempts.attempt(
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
    return attempts
        .attempt(address, name, offered, dataServer, SlowSource.NEVER, () -> {}, progress)
        .synced();
  }

  /** Stops a hedge that still runs: the agent is closing. */
  void close() {
    hedges.shutdownNow();
  }
}
