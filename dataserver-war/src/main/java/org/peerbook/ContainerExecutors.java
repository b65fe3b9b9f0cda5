package org.peerbook;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * The container's managed executor, looked up once at start-up in the web module's naming context,
 * for the application-scoped beans that hand work to other threads. Such a bean is made where its
 * first caller runs: a gauge's read on the metrics endpoint's thread, or a commit's event coming
 * through the EJB module in the EAR. A {@code @Resource} of its own would be looked up there and
 * fail (no executor: held change-feed requests answered 500 on Payara Server); this bean is made at
 * start-up, so theirs is always found.
 */
@ApplicationScoped
public class ContainerExecutors {
  @Resource private ManagedScheduledExecutorService scheduled;

  void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // observing is enough: the container made this bean, and looked its executor up, to deliver it
  }

  /** The default managed scheduled executor: callbacks, timeouts, work off a committing thread. */
  public ManagedScheduledExecutorService scheduled() {
    return scheduled;
  }
}
