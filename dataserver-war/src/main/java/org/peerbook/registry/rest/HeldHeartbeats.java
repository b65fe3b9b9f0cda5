package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.ContainerExecutors;
import org.peerbook.book.control.HeadAdvanced;
import org.peerbook.book.control.HeadWaiters;

/**
 * Heartbeat answers held until the book moves past the head the node knows: a node learns of a new
 * head within a round trip of its commit, on whichever member it is connected to, without
 * heartbeating more often. One held answer per node; beyond {@code
 * peerbook.registry.max-held-heartbeats} answers are given at once, as without {@code wait}.
 */
@ApplicationScoped
public class HeldHeartbeats {
  @Inject ContainerExecutors executors;

  @Inject
  @ConfigProperty(name = "peerbook.registry.max-held-heartbeats", defaultValue = "20000")
  int maxHeld;

  private HeadWaiters waiters;

  @PostConstruct
  void start() {
    waiters = new HeadWaiters(executors.scheduled(), maxHeld);
  }

  /**
   * Holds {@code answer} for node {@code nodeId} until a head past {@code since} or {@code
   * timeout}; a held answer of the same node is given at once.
   *
   * @param answer given the highest head committed since start, -1 if none
   * @return false when too many are held: the caller answers at once
   */
  public boolean hold(String nodeId, long since, Duration timeout, LongConsumer answer) {
    return waiters.await(nodeId, since, timeout, answer);
  }

  /** How many heartbeat answers are held now. */
  public int held() {
    return waiters.waiting();
  }

  void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeadAdvanced head) {
    waiters.advanced(head.version());
  }
}
