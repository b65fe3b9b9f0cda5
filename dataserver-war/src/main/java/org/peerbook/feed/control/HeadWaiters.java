package org.peerbook.feed.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.control.HeadAdvanced;

/**
 * Followers waiting for the book to move past their version. A waiter holds no thread: it is a
 * callback, run once on the container's executor when a commit moves the head past it, or when its
 * time is up, whichever comes first.
 */
@ApplicationScoped
public class HeadWaiters {
  @Resource ManagedScheduledExecutorService executor;

  @Inject
  @ConfigProperty(name = "peerbook.feed.max-waiters", defaultValue = "1000")
  int maxWaiters;

  /** The highest version a commit announced; -1 before the first commit since start. */
  private final AtomicLong committedHead = new AtomicLong(-1);

  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@code then} once, on a pool thread, as soon as a commit moves the head past {@code
   * since}, or after {@code timeout}; at once on the caller's thread if a commit already did.
   *
   * @return false, running nothing, when {@code peerbook.feed.max-waiters} already wait
   */
  public boolean await(long since, Duration timeout, Runnable then) {
    if (waiting.size() >= maxWaiters) {
      return false;
    }
    Waiter waiter = new Waiter(since, then);
    waiting.add(waiter);
    waiter.timeout =
        executor.schedule(() -> run(waiter), timeout.toMillis(), TimeUnit.MILLISECONDS);
    // a commit between the caller's read and the add above found no waiter: look once more
    if (committedHead.get() > since) {
      run(waiter);
    }
    return true;
  }

  void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeadAdvanced head) {
    committedHead.accumulateAndGet(head.version(), Math::max);
    for (Waiter waiter : waiting) {
      if (waiter.since < head.version()) {
        // never on the writer's thread: the callback reads the log and writes a response
        executor.execute(() -> run(waiter));
      }
    }
  }

  private void run(Waiter waiter) {
    if (waiting.remove(waiter)) {
      Future<?> timeout = waiter.timeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
      waiter.then.run();
    }
  }

  private static final class Waiter {
    final long since;
    final Runnable then;
    volatile Future<?> timeout;

    Waiter(long since, Runnable then) {
      this.since = since;
      this.then = then;
    }
  }
}
