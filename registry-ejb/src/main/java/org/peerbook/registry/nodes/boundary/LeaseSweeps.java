package org.peerbook.registry.nodes.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.registry.cluster.TimerTick;

/**
 * Sweeps lapsed leases on a timer, from a bean of its own: Payara runs a singleton's timer callback
 * under the bean's write lock, whatever the method's {@code @Lock} says (a timeout's invocation
 * carries no lock information, and the container's default is WRITE). On the resource manager that
 * stopped every request once a second: on the fair lock, requests queued behind the waiting sweep
 * (JFR of SwarmBenchmark's server: heartbeats parked 50-250 ms). Here the write lock is this
 * bean's, and the sweep runs under the resource manager's read lock like every request. A sweep
 * that fails (the grid losing a member) never throws out of the callback ({@link TimerTick}).
 */
@Singleton
@Startup
@DependsOn("ResourceManager")
public class LeaseSweeps {
  private static final Logger LOG = Logger.getLogger(LeaseSweeps.class.getName());
  private final TimerTick tick = new TimerTick("lease sweep", LOG);

  @Inject
  @ConfigProperty(name = "peerbook.registry.sweep-interval-millis", defaultValue = "1000")
  long sweepIntervalMillis;

  @EJB ResourceManager manager;

  @Resource TimerService timers;

  @PostConstruct
  void start() {
    timers.createIntervalTimer(
        sweepIntervalMillis, sweepIntervalMillis, new TimerConfig("lease sweep", false));
  }

  // no transaction of its own: a failure inside would mark it for rollback, and the container
  // counts a callback whose transaction rolls back as failed however it returned
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  @Timeout
  void sweep() {
    tick.run(manager::sweepLapsedLeases);
  }
}
