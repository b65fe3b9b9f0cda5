package org.peerbook.registry.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The data grid's cluster-wide time: this machine's clock, moved by how far it is off the grid's
 * master's (Hazelcast sets that at the join and again with every member list the master sends).
 * Leases, data-server grants, evidence and tokens cross the grid as instants that every member
 * reads against its own clock: with each member's machine clock, one member whose clock is a minute
 * ahead (a failed time sync, a virtual machine restored from a snapshot) finds every lease that the
 * others renewed over and sweeps the whole fleet, and one behind writes leases that the others find
 * over. By this clock they all read alike.
 */
public final class ClusterTime extends Clock {
  private final Cluster cluster;

  public ClusterTime(HazelcastInstance grid) {
    this.cluster = grid.getCluster();
  }

  @Override
  public long millis() {
    return cluster.getClusterTime();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the cluster's time is in UTC");
  }
}
