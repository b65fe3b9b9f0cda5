package org.peerbook.sync.control;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the last built snapshot and hands it to every requester it moves forward. It is rebuilt, at
 * the book's current signed head, when it would not move the requester forward (it is not newer
 * than the requester's version, unless it is at the head already), when the log no longer reaches
 * back to it, or when the book has moved {@code snapshot-max-lag} versions past it. So a requester
 * never gets a snapshot older than its own version, nor the same one twice; and it finishes with a
 * delta from the snapshot's version, which the log still holds. Building holds the write lock, so a
 * burst of new nodes causes one build, not one each; writers to the book go on meanwhile ({@link
 * SnapshotBuilder}).
 *
 * <p>It is also built ahead, in the background ({@link #prepare}): at start, after a compaction,
 * and once the cached one is half {@code snapshot-max-lag} behind the head. A build of 100,000
 * contacts takes seconds (12 s on a busy 2-core machine), longer than an agent waits for an answer
 * to start (10 s): built on demand, the first new node after a start gave up once and asked again.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SnapshotCache {
  private static final Logger LOG = Logger.getLogger(SnapshotCache.class.getName());

  /** Snapshots read without blocking writers, before one is built while they wait. */
  private static final int CONSISTENT_ATTEMPTS = 3;

  @EJB SnapshotBuilder builder;
  @Inject SyncCounters counters;
  @Resource SessionContext context;

  /**
   * At most this many versions behind the head: the default is the lag at which the shared
   * responder starts to consider a snapshot instead of a delta, so the delta that follows a cached
   * snapshot is a delta.
   */
  @Inject
  @ConfigProperty(name = "peerbook.sync.snapshot-max-lag", defaultValue = "1000")
  long maxLag;

  private Snapshot cached;
  private final AtomicBoolean preparing = new AtomicBoolean();

  /**
   * A snapshot that moves the requester forward, from which it can continue with a delta.
   *
   * @param requesterVersion the version the requester holds
   * @param headVersion the book's current version (as read before this call; it may have moved)
   * @param logFloor the lowest version the log still holds
   */
  @Lock(LockType.WRITE)
  public Snapshot snapshotFor(long requesterVersion, long headVersion, long logFloor) {
    if (!serves(cached, requesterVersion, headVersion, logFloor, maxLag)) {
      rebuild("a requester at " + requesterVersion);
    }
    Snapshot answer = cached;
    if (!servesNewNodes(headVersion, logFloor) && preparing.compareAndSet(false, true)) {
      prepareAhead(headVersion, logFloor);
    }
    return answer;
  }

  /** {@link #prepare} in the background, once the write lock this call holds is let go. */
  void prepareAhead(long headVersion, long logFloor) {
    context.getBusinessObject(SnapshotCache.class).prepare(headVersion, logFloor);
  }

  /**
   * Builds the snapshot a new node would get, at the head, unless the cached one will do for a
   * while yet: less than half {@code snapshot-max-lag} behind {@code headVersion}, and the log
   * (from {@code logFloor}) reaches back to it.
   */
  @Asynchronous
  @Lock(LockType.WRITE)
  public void prepare(long headVersion, long logFloor) {
    try {
      if (headVersion > 0 && !servesNewNodes(headVersion, logFloor)) {
        rebuild("new nodes, ahead of their requests");
      }
    } finally {
      preparing.set(false);
    }
  }

  private boolean servesNewNodes(long headVersion, long logFloor) {
    return serves(cached, 0, headVersion, logFloor, Math.max(1, maxLag / 2));
  }

  private void rebuild(String forWhom) {
    long started = System.nanoTime();
    cached = build(forWhom);
    counters.snapshotBuilt(cached);
    LOG.info(
        () ->
            "built snapshot at version "
                + cached.version()
                + " for "
                + forWhom
                + ": "
                + cached.contacts()
                + " contacts, "
                + cached.gzippedJson().length
                + " bytes gzipped, in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
  }

  private Snapshot build(String forWhom) {
    for (int attempt = 1; attempt <= CONSISTENT_ATTEMPTS; attempt++) {
      Snapshot snapshot = builder.build();
      if (snapshot != null) {
        return snapshot;
      }
      int failed = attempt;
      LOG.warning(
          () ->
              "a snapshot read for "
                  + forWhom
                  + " did not match its head (attempt "
                  + failed
                  + " of "
                  + CONSISTENT_ATTEMPTS
                  + "; then writers wait for one)");
    }
    return builder.buildLocked();
  }

  /** Whether {@code snapshot} may be sent to a requester at {@code requesterVersion}. */
  static boolean serves(
      Snapshot snapshot, long requesterVersion, long headVersion, long logFloor, long maxLag) {
    if (snapshot == null) {
      return false;
    }
    long version = snapshot.version();
    // at the head, it is the best there is even for a requester at the head on another chain
    boolean movesForward = version > requesterVersion || version >= headVersion;
    boolean deltaFollows = version >= logFloor - 1;
    boolean recent = headVersion - version < maxLag;
    return movesForward && deltaFollows && recent;
  }
}
