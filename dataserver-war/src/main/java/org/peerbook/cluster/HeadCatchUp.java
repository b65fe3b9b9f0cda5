package org.peerbook.cluster;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;

/**
 * Once a second, {@link HeadBroadcast#catchUp}: from a bean of its own, because Payara runs a
 * singleton's timer callback under the bean's write lock whatever its {@code @Lock} says, and every
 * commit's event waited for it (see {@code LeaseSweeps}).
 */
@Stateless
public class HeadCatchUp {
  @EJB HeadBroadcast broadcast;

  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void catchUp() {
    broadcast.catchUp();
  }
}
