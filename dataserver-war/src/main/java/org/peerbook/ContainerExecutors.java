package org.peerbook;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads that answer held requests (heartbeats, source requests, change-feed reads), do other
 * work off a committing thread and look host names up, made at start-up from the container's
 * managed thread factory in the web module's naming context.
 *
 * <p>A pool of our own, not the container's default managed scheduled executor: Payara configures
 * that one with a core pool of 0, which a scheduled executor runs as one thread. A commit wakes
 * every held heartbeat and source request at once; on that one thread a fleet's answers went out
 * one after another, each waiting behind the registry's lock for the one before (JFR of
 * SwarmBenchmark's server: 50 agents heard of a change over 2.7 s). The managed thread factory
 * gives the threads the application's context (class loader, naming, security), as the executor
 * did.
 *
 * <p>Made at start-up: a bean made where its first caller runs (a gauge's read on the metrics
 * endpoint's thread, or a commit's event coming through the EJB module in the EAR) would look its
 * {@code @Resource} up there and fail (no factory: held change-feed requests answered 500 on Payara
 * Server).
 *
 * <p>The injected factory has been seen missing: one member of ClusterIT's rolling restart got no
 * factory at start-up (an NPE in the pool's constructor, and the member never became ready). The
 * platform's default factory is then looked up by its standard name, at start-up and again at first
 * use; when neither finds it, the error says so instead of a {@code NullPointerException}.
 */
@ApplicationScoped
public class ContainerExecutors {
  private static final Logger LOG = Logger.getLogger(ContainerExecutors.class.getName());

  /** Jakarta Concurrency's default managed thread factory, in every component's naming context. */
  static final String DEFAULT_FACTORY = "java:comp/DefaultManagedThreadFactory";

  /**
   * Enough that a waiter blocked on the registry's lock holds nobody else back; the work itself is
   * short (building an answer, a hand-out).
   */
  private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  @Resource private ManagedThreadFactory threadFactory;

  /**
   * Host-name look-ups at once: the JDK's resolver blocks until the name server answers or gives
   * up, so each one holds a thread of its own, and a flood of slow names must not hold more.
   */
  static final int HOST_LOOKUPS = 4;

  private ScheduledExecutorService scheduled;
  private ExecutorService hostLookups;
  private ExecutorService readinessProbes;

  /**
   * Starts the threads here, at start-up, where the factory gives them the web module's context.
   */
  void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
    try {
      scheduled();
    } catch (IllegalStateException missing) {
      // the first caller tries again, where the platform may have the factory by then
      LOG.log(Level.WARNING, "no threads at start-up; the first caller tries again", missing);
    }
  }

  /** Callbacks, timeouts, work off a committing thread. */
  public synchronized ScheduledExecutorService scheduled() {
    if (scheduled == null) {
      var pool = new ScheduledThreadPoolExecutor(THREADS, threadFactory());
      // a held request answered early leaves its timeout behind: do not keep it for minutes
      pool.setRemoveOnCancelPolicy(true);
      pool.prestartAllCoreThreads();
      scheduled = pool;
    }
    return scheduled;
  }

  /** Host-name look-ups: at most {@link #HOST_LOOKUPS} at once, and none waiting. */
  public synchronized ExecutorService hostLookups() {
    if (hostLookups == null) {
      hostLookups = noneWaiting(HOST_LOOKUPS);
    }
    return hostLookups;
  }

  /**
   * The readiness check's read of the database: one at a time, and none waiting. A read the
   * database does not answer holds its thread until the driver's read timeout; the probes that come
   * meanwhile (an orchestrator's, every few seconds) must not each hold another.
   */
  public synchronized ExecutorService readinessProbes() {
    if (readinessProbes == null) {
      readinessProbes = noneWaiting(1);
    }
    return readinessProbes;
  }

  /** At most {@code threads} tasks at once; one more is rejected, not queued. */
  private ExecutorService noneWaiting(int threads) {
    var pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            threadFactory(),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private ManagedThreadFactory threadFactory() {
    if (threadFactory != null) {
      return threadFactory;
    }
    try {
      ManagedThreadFactory found = InitialContext.doLookup(DEFAULT_FACTORY);
      if (found != null) {
        LOG.warning("the managed thread factory was not injected; " + DEFAULT_FACTORY + " is used");
        return found;
      }
    } catch (NamingException | RuntimeException notFound) {
      throw new IllegalStateException(
          "no managed thread factory: it was not injected and " + DEFAULT_FACTORY + " failed",
          notFound);
    }
    throw new IllegalStateException(
        "no managed thread factory: it was not injected and " + DEFAULT_FACTORY + " is empty");
  }

  @PreDestroy
  synchronized void stop() {
    if (scheduled != null) {
      scheduled.shutdownNow();
    }
    if (hostLookups != null) {
      hostLookups.shutdownNow();
    }
    if (readinessProbes != null) {
      readinessProbes.shutdownNow();
    }
  }
}
