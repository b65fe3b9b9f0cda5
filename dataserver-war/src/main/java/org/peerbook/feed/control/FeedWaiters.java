package org.peerbook.feed.control;

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

/** Change-feed followers waiting for the book to move past their version ({@code wait}). */
@ApplicationScoped
public class FeedWaiters {
  @Inject ContainerExecutors executors;

  @Inject
  @ConfigProperty(name = "peerbook.feed.max-waiters", defaultValue = "1000")
  int maxWaiters;

  private HeadWaiters waiters;

  @PostConstruct
  void start() {
    waiters = new HeadWaiters(executors.scheduled(), maxWaiters);
  }

  /** See {@link HeadWaiters#await}; false when {@code peerbook.feed.max-waiters} already wait. */
  public boolean await(long since, Duration timeout, Runnable then) {
    LongConsumer ignoringHead = head -> then.run();
    return waiters.await(null, since, timeout, ignoringHead);
  }

  void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeadAdvanced head) {
    waiters.advanced(head.version());
  }
}
