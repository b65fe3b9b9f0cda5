package org.peerbook.cluster;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import org.peerbook.registry.cluster.TimerTick;

/**
 * Once a second, {@link HeadBroadcast#catchUp}: from a bean of its own, because Payara runs a
 * singleton's timer callback under the bean's write lock whatever its {@code @Lock} says, and every
 * commit's event waited for it (see {@code LeaseSweeps}). A catch-up that fails (the database or
 * the grid away) never throws out of the callback, which would end the schedule ({@link
 * TimerTick}).
 */
@Stateless
public class HeadCatchUp {
  private static final Logger LOG = Logger.getLogger(HeadCatchUp.class.getName());
  // one for every instance of the pool: failures in a row are the schedule's, not an instance's
  private static final TimerTick TICK = new TimerTick("head catch-up", LOG);

  @EJB HeadBroadcast broadcast;

  // no transaction of its own: a failure inside would mark it for rollback, and the container
  // counts a callback whose transaction rolls back as failed however it returned
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void catchUp() {
    TICK.run(broadcast::catchUp);
  }
}
