package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * How long the data grid waits for a silent member before it takes the member's partitions over
 * ({@code hazelcast.max.no.heartbeat.seconds}, a system property of the server's JVM). Until then
 * every write to those partitions waits: the leases whose records live there cannot be renewed on
 * the grid. Hazelcast's default, 60 s, is a whole lease: a member that stalls that long (a frozen
 * VM, a long pause) makes those nodes lapse for every member, and they all register again. {@code
 * run-server} sets 10 s.
 */
public final class GridFailureDetection {
  private static final Logger LOG = Logger.getLogger(GridFailureDetection.class.getName());

  private GridFailureDetection() {}

  /** The grid's wait for a silent member. */
  static Duration of(HazelcastInstance grid) {
    return Duration.ofSeconds(
        new HazelcastProperties(grid.getConfig())
            .getSeconds(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS));
  }

  /**
   * Says in the log if a stalled member would keep the grid waiting for more than a third of a
   * lease: a node renews its lease every third of one, and must find the grid whole again before
   * its lease runs out.
   */
  public static void warnIfSlowerThanALease(HazelcastInstance grid, long leaseSeconds) {
    long seconds = of(grid).toSeconds();
    if (seconds * 3 > leaseSeconds) {
      LOG.warning(
          () ->
              "the data grid waits "
                  + seconds
                  + " s for a silent member before it takes its partitions over, more than a third"
                  + " of the "
                  + leaseSeconds
                  + " s lease: a member that stalls that long makes the nodes whose records it"
                  + " holds lapse. Start the JVM with -Dhazelcast.max.no.heartbeat.seconds="
                  + Math.max(1, leaseSeconds / 6)
                  + " (run-server does; README: Cluster)");
    }
  }
}
