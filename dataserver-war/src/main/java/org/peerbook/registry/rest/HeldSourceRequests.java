package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.ContainerExecutors;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.SourceWaiters;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/**
 * Source requests nobody could answer yet (no peer ahead, every data-server slot taken), held in
 * {@link SourceWaiters}' line until a node reaches a newer version, on any member: the first in
 * line then ask again, and a request that still finds no help waits on until its time is up, when
 * it gets the registry's answer as it stands (a retry hint, say). One held request per node; beyond
 * {@code peerbook.registry.max-held-source-requests} requests are answered at once.
 */
@ApplicationScoped
public class HeldSourceRequests {
  @Inject ContainerExecutors executors;

  @EJB ResourceManager manager;

  @Inject
  @ConfigProperty(name = "peerbook.registry.max-held-source-requests", defaultValue = "20000")
  int maxHeld;

  private SourceWaiters<Held> waiters;

  @PostConstruct
  void start() {
    waiters = new SourceWaiters<>(maxHeld);
    // told on the thread that changed the version, inside the registry: wake elsewhere
    manager.watchVersions(
        (from, to) -> {
          if (to > from && waiters.size() > 0) {
            executors.scheduled().execute(() -> waiters.wake(from, to).forEach(Held::askAgain));
          }
        });
  }

  /** Made at start-up, in the application's context, so that it watches from the start. */
  void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // observing is enough: the container made this bean to deliver the event
  }

  /** Where a held request's answer goes, once. */
  public interface Answer {
    /** The registry's answer: with sources, or as it stands at the end. */
    void sources(Allocation allocation);

    /** Asking again failed (the node left, say): the request gets that error. */
    void failed(RuntimeException e);
  }

  /**
   * Holds a request whose first answer was a retry hint.
   *
   * @param ask asks the registry again (the same node, version and k)
   * @return false when too many are held: the caller answers at once
   */
  public boolean hold(String nodeId, Duration timeout, Supplier<Allocation> ask, Answer answer) {
    Held held = new Held(nodeId, System.nanoTime() + timeout.toNanos(), ask, answer);
    if (!waiters.hold(nodeId, held, Held::answerNow)) {
      return false;
    }
    held.timeout =
        executors.scheduled().schedule(held::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** How many source requests are held now. */
  public int held() {
    return waiters.size();
  }

  private final class Held {
    final String nodeId;
    final long deadline;
    final Supplier<Allocation> ask;
    final Answer answer;
    volatile Future<?> timeout;

    Held(String nodeId, long deadline, Supplier<Allocation> ask, Answer answer) {
      this.nodeId = nodeId;
      this.deadline = deadline;
      this.ask = ask;
      this.answer = answer;
    }

    /** Woken: answered if help is there now, back in line if not and time is left. */
    void askAgain() {
      try {
        Allocation allocation = ask.get();
        if (allocation.retryAfterSeconds() > 0
            && System.nanoTime() < deadline
            && waiters.hold(nodeId, this, Held::answerNow)) {
          return;
        }
        stopTimer();
        answer.sources(allocation);
      } catch (RuntimeException e) {
        stopTimer();
        answer.failed(e);
      }
    }

    void timedOut() {
      if (waiters.remove(nodeId, this)) {
        answerNow();
      }
    }

    /** A newer request of the same node took this one's place, or its time is up. */
    void answerNow() {
      stopTimer();
      try {
        answer.sources(ask.get());
      } catch (RuntimeException e) {
        answer.failed(e);
      }
    }

    private void stopTimer() {
      Future<?> pending = timeout;
      if (pending != null) {
        pending.cancel(false);
      }
    }
  }
}
