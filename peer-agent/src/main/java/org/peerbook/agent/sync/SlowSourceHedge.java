package org.peerbook.agent.sync;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.registry.SourceOffer;

/**
 * A second copy started beside a source that turned out slow ({@link SlowSource}): the peers
 * offered after it are tried in order on a thread of its own while the slow copy goes on, as a
 * hedged request. Whichever moves the copy first wins; the other stops at its next wait ({@link
 * CopyOvertakenException}), its source neither reported nor blamed. Unlike leaving the slow source,
 * a hedge never makes a copy later than staying would: a requester on a slow link of its own, where
 * every source looks slow, only copies twice.
 *
 * <p>One hedge runs at a time per agent (the thread is shared and takes no queue): a slow source
 * while a hedge still runs gets none, so no source can make an agent open copies without bound.
 */
final class SlowSourceHedge {
  private static final Logger LOG = Logger.getLogger(SlowSourceHedge.class.getName());

  private final ExecutorService thread;
  private final List<SourceOffer> peers;
  private final Predicate<SourceOffer> copyFrom;
  private final Set<String> tried = ConcurrentHashMap.newKeySet();
  private volatile Future<?> running;

  /**
   * @param thread from {@link #thread()}
   * @param peers where to copy from, in order
   * @param copyFrom syncs from one peer; true once the copy holds what it holds (or more)
   */
  SlowSourceHedge(
      ExecutorService thread, List<SourceOffer> peers, Predicate<SourceOffer> copyFrom) {
    this.thread = thread;
    this.peers = List.copyOf(peers);
    this.copyFrom = copyFrom;
  }

  /** The one thread hedges run on: busy, it refuses another hedge instead of queueing it. */
  static ExecutorService thread() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new SynchronousQueue<>(),
        work -> {
          Thread hedge = new Thread(work, "peerbook-hedge");
          hedge.setDaemon(true);
          return hedge;
        });
  }

  /** Whether there is any peer to hedge with. */
  boolean possible() {
    return !peers.isEmpty();
  }

  /**
   * Starts the second copy, unless another hedge still runs.
   *
   * @return whether it started
   */
  boolean start() {
    try {
      running =
          thread.submit(
              () -> {
                for (SourceOffer peer : peers) {
                  tried.add(peer.nodeId());
                  if (Thread.currentThread().isInterrupted() || copyFrom.test(peer)) {
                    return;
                  }
                }
              });
      LOG.info(() -> "the source is slow: copying from " + peers.get(0).nodeId() + " beside it");
      return true;
    } catch (RejectedExecutionException e) {
      LOG.fine("the source is slow, but a hedge runs already");
      return false;
    }
  }

  /**
   * Waits for the second copy, if one started, to end.
   *
   * @return the peers it tried (none if it never started)
   */
  Set<String> awaitEnd() {
    Future<?> started = running;
    if (started == null) {
      return Set.of();
    }
    try {
      started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warning(() -> "the copy beside a slow source failed: " + e.getCause());
    }
    return Set.copyOf(tried);
  }
}
