package org.peerbook.agent.sync;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import org.peerbook.protocol.Backoff;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;

/**
 * The node's lease with the resource manager: it registers (again and again, with backoff, until it
 * is let in), renews the lease and its tokens with heartbeats that claim the copy's proven version,
 * registers again when the lease lapsed or its token is no longer accepted, and leaves. Every lease
 * it gets goes to {@link NodeCredentials}; the head it learns of is {@code knownHead}.
 */
final class Membership {
  private static final Logger LOG = Logger.getLogger(Membership.class.getName());

  /** What the agent does when the membership changes what it should sync. */
  interface Listener {
    /** Registered: the copy may be behind. */
    void joined();

    /**
     * A heartbeat showed a head beyond the copy: sync after {@code delayMillis}.
     *
     * @param newHead whether the head is newer than the one heard of before; if not, a sync for it
     *     runs or waits already
     */
    void headMoved(long delayMillis, boolean newHead);
  }

  private final AgentSettings settings;
  private final URI syncAddress;
  private final RegistryClient registry;
  private final NodeCredentials credentials;
  private final LocalStore store;
  private final IntSupplier load;
  private final ReceivedBytes received;
  private final ScheduledExecutorService joins;
  private final ScheduledExecutorService heartbeats;
  private final AtomicLong knownHead;
  private final Listener listener;
  private volatile boolean registered;
  private final AtomicBoolean rejoining = new AtomicBoolean();
  private volatile long heartbeatMillis;
  private int failedJoins;
  // heartbeats in a row that reached no server: the first is worth a warning, the rest are not
  private int failedBeats;
  // the heartbeat at the interval's end; brought forward once the copy caught up with a new head
  private volatile ScheduledFuture<?> nextHeartbeat;
  // a heartbeat showed a head beyond the copy (or the node just joined): no heartbeat is held now
  private final AtomicBoolean unheld = new AtomicBoolean();

  /**
   * @param load how many peers the node serves now, for heartbeats
   * @param joins where registration attempts run (the sync thread: the first sync follows)
   * @param heartbeats where heartbeats run, beside long syncs
   * @param knownHead the head the resource manager last told of, kept here
   */
  Membership(
      AgentSettings settings,
      URI syncAddress,
      RegistryClient registry,
      NodeCredentials credentials,
      LocalStore store,
      IntSupplier load,
      ReceivedBytes received,
      ScheduledExecutorService joins,
      ScheduledExecutorService heartbeats,
      AtomicLong knownHead,
      Listener listener) {
    this.settings = settings;
    this.syncAddress = syncAddress;
    this.registry = registry;
    this.credentials = credentials;
    this.store = store;
    this.load = load;
    this.received = received;
    this.joins = joins;
    this.heartbeats = heartbeats;
    this.knownHead = knownHead;
    this.listener = listener;
  }

  boolean registered() {
    return registered;
  }

  /** See {@link Backoff}. */
  static long backoff(int attempt) {
    return Backoff.millis(attempt, ThreadLocalRandom.current());
  }

  /** Registers, or tries again later; once in, heartbeats start and the listener hears of it. */
  void join() {
    try {
      LeaseAnswer lease = register();
      failedJoins = 0;
      knownHead.set(lease.headVersion());
      LOG.info(() -> "registered; the data server is at version " + lease.headVersion());
      // heartbeats first: the first sync of a large book outlasts a lease and a data-server grant
      long every = Math.max(1, lease.leaseSeconds() * 1000L / 3);
      heartbeatMillis = every;
      nextHeartbeat = heartbeats.schedule(this::heartbeat, every, TimeUnit.MILLISECONDS);
      unheld.set(true);
      listener.joined();
    } catch (RegistryUnavailableException e) {
      if (e.status() == 401 || e.status() == 403) {
        LOG.severe("the resource manager refused the enrollment credential: " + e.getMessage());
      } else if (e.status() == 400) {
        // e.g. a sync address that does not point at this machine as the server sees it
        LOG.severe(
            "the resource manager refused this registration (check --advertise-host and"
                + " --listen): "
                + e.getMessage());
      }
      long delay = backoff(++failedJoins);
      LOG.info(() -> "cannot register yet (" + e.getMessage() + "); again in " + delay + " ms");
      joins.schedule(this::join, delay, TimeUnit.MILLISECONDS);
    }
  }

  private LeaseAnswer register() {
    LeaseAnswer lease =
        registry.register(
            RegisterRequest.of(
                settings.nodeId(),
                syncAddress.toString(),
                settings.networkAddress(),
                store.head(),
                Optional.ofNullable(settings.enrollmentSecret())));
    credentials.accept(lease);
    registered = true;
    return lease;
  }

  /**
   * The longest wait before a sync a new head starts: the agent's own bound, or the resource
   * manager's spread if that is shorter (a small swarm need not wait what a large one must).
   */
  long syncJitterBound(LeaseAnswer lease) {
    long own = settings.maxSyncJitter().toMillis();
    return lease.syncSpreadMillis() == LeaseAnswer.UNSAID
        ? own
        : Math.min(own, lease.syncSpreadMillis());
  }

  /**
   * One heartbeat a heartbeat interval, held by the resource manager until a new head is committed
   * or the interval is over: the node hears of a new head at once. After an early answer the next
   * heartbeat waits for the interval's end, unless the copy catches up with the new head first
   * ({@link #caughtUp}): then it goes out at once and is held again, so a second change within the
   * interval is heard of at once too, and there is still one held heartbeat per interval or per new
   * head, whichever comes first.
   */
  private void heartbeat() {
    long started = System.nanoTime();
    long syncAfter = -1;
    boolean newHead = false;
    try {
      LeaseAnswer lease = beat(Duration.ofMillis(heartbeatMillis));
      answered();
      newHead = lease.headVersion() > knownHead.get();
      knownHead.set(lease.headVersion());
      if (lease.headVersion() > store.version()) {
        // many agents learn of a new version at once: spread their requests
        syncAfter = ThreadLocalRandom.current().nextLong(syncJitterBound(lease) + 1);
      }
    } catch (RegistryUnavailableException e) {
      if (e.status() == 404 || e.status() == 401) {
        rejoinSoon(e.status() == 404 ? "the lease lapsed or the node was evicted" : e.getMessage());
      } else {
        unanswered(e);
      }
    } finally {
      long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      try {
        nextHeartbeat =
            heartbeats.schedule(
                this::heartbeat, Math.max(0, heartbeatMillis - spent), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // the agent is closing
      }
    }
    if (syncAfter >= 0) {
      // once the next heartbeat is scheduled: the sync that catches up may bring it forward
      unheld.set(true);
      listener.headMoved(syncAfter, newHead);
    }
  }

  /** A heartbeat reached no server: an operator should know, once, not at every heartbeat. */
  private void unanswered(RegistryUnavailableException e) {
    if (heartbeats.isShutdown()) {
      return; // the agent is closing: the held heartbeat was cut short
    }
    if (failedBeats++ == 0) {
      LOG.warning(
          () ->
              "heartbeat failed, the lease runs on until it lapses; trying again every "
                  + heartbeatMillis
                  + " ms: "
                  + e.getMessage());
    } else {
      LOG.fine(() -> "heartbeat failed again: " + e.getMessage());
    }
  }

  private void answered() {
    if (failedBeats > 0) {
      int failed = failedBeats;
      failedBeats = 0;
      LOG.info(() -> "the resource manager answers again, after " + failed + " failed heartbeats");
    }
  }

  /**
   * The copy holds the head the resource manager last told of. If no heartbeat is held since that
   * head was heard of, the next one goes out now, to be held until the head after it.
   */
  void caughtUp() {
    if (!unheld.compareAndSet(true, false)) {
      return;
    }
    ScheduledFuture<?> next = nextHeartbeat;
    if (next != null && next.cancel(false)) {
      try {
        heartbeats.execute(this::heartbeat);
      } catch (RejectedExecutionException closing) {
        // the agent is closing
      }
    }
  }

  /**
   * One heartbeat: the copy's proven version, its load, and the bytes received since the last; its
   * answer may be held up to {@code hold} while the head is at the copy's version: a copy behind
   * the head gets its answer at once, as without holding.
   */
  private LeaseAnswer beat(Duration hold) {
    HeartbeatRequest.Received told = received.take();
    LeaseAnswer lease;
    try {
      lease =
          registry.heartbeat(
              HeartbeatRequest.of(store.head(), load.getAsInt(), told, settings.maxServing()),
              settings.nodeId(),
              hold);
    } catch (RuntimeException e) {
      received.untold(told);
      throw e;
    }
    credentials.accept(lease);
    return lease;
  }

  /**
   * Registers again at a moment drawn within the next heartbeat interval. What ends one lease often
   * ends all (a restart of the whole cluster empties its table; a new token key refuses every
   * token): the fleet's registrations then spread over an interval instead of arriving at once.
   */
  private void rejoinSoon(String why) {
    if (!rejoining.compareAndSet(false, true)) {
      return;
    }
    registered = false;
    long delay = ThreadLocalRandom.current().nextLong(heartbeatMillis);
    LOG.info(() -> why + ": registering again in " + delay + " ms");
    heartbeats.schedule(this::rejoin, delay, TimeUnit.MILLISECONDS);
  }

  private void rejoin() {
    try {
      register();
    } catch (RegistryUnavailableException e) {
      LOG.fine(() -> "re-registering failed: " + e.getMessage());
    } finally {
      rejoining.set(false);
    }
  }

  /** Tells the resource manager the copy's new version at once: others may sync from it now. */
  void reportVersion() {
    try {
      LeaseAnswer lease = beat(Duration.ZERO);
      knownHead.accumulateAndGet(lease.headVersion(), Math::max);
    } catch (RegistryUnavailableException e) {
      LOG.fine(() -> "could not report the new version: " + e.getMessage());
    }
  }

  /** Leaves the registry, so that nobody is sent here any more; heartbeats have stopped. */
  void leave() {
    if (registered) {
      try {
        registry.deregister(settings.nodeId());
      } catch (RuntimeException e) {
        LOG.info("could not deregister: " + e.getMessage());
      }
    }
  }
}
