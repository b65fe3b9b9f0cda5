package org.peerbook.registry.cluster;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tick of a container timer that must keep ticking whatever a tick meets. Payara, as GlassFish
 * before it, retries a timeout callback that throws once and then expunges the timer, interval
 * timers included: a lease sweep that failed twice while the grid lost a member would have ended
 * that member's sweeps for good (its replica then no longer reads the renewals other members took,
 * and hands out fewer and fewer sources). So a tick never throws: the first failure in a row is a
 * warning with its cause, the next ones are fine-grained, and the first tick that works again says
 * how many failed.
 */
public final class TimerTick {
  private final String what;
  private final Logger log;
  private final AtomicInteger failedInARow = new AtomicInteger();

  /**
   * @param what what the timer does, as the log says it ("lease sweep")
   */
  public TimerTick(String what, Logger log) {
    this.what = what;
    this.log = log;
  }

  public void run(Runnable tick) {
    try {
      tick.run();
    } catch (RuntimeException e) {
      int failed = failedInARow.incrementAndGet();
      log.log(
          failed == 1 ? Level.WARNING : Level.FINE,
          e,
          () -> what + " failed (" + failed + " in a row); the timer tries again at its next tick");
      return;
    }
    int failed = failedInARow.getAndSet(0);
    if (failed > 0) {
      log.info(() -> what + " works again after " + failed + " failed ticks");
    }
  }
}
