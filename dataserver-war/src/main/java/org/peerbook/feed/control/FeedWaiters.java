package org.peerbook.feed.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.control.HeadAdvanced;
import org.peerbook.book.control.HeadWaiters;

/** Change-feed followers waiting for the book to move past their version ({@code wait}). */
@ApplicationScoped
public class FeedWaiters {
  @Resource ManagedScheduledExecutorService executor;

  @Inject
  @ConfigProperty(name = "peerbook.feed.max-waiters", defaultValue = "1000")
  int maxWaiters;

  private HeadWaiters waiters;

  @PostConstruct
  void start() {
    waiters = new HeadWaiters(executor, maxWaiters);
  }

  /**
   * Made at start-up, in the application's context. Made first where a commit's event reaches it,
   * it could not look up its executor in the EAR on Payara Server (the event came through the EJB
   * module): every held feed request then failed with 500, and the failing observer kept the same
   * commit from waking the held heartbeats after it.
   */
  void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // observing is enough: the container made this bean to deliver the event
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
