package org.peerbook.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.cluster.DataGrid;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/**
 * In a cluster, ready only while the data grid answers and this member is not cut off from the
 * others ({@link org.peerbook.registry.cluster.GridMajority}): {@code GET /health/ready} says how
 * many members this one sees, whether it is the grid's master (its oldest member), or why it is not
 * ready. Without {@code peerbook.cluster.enabled}, always up.
 */
@Readiness
@ApplicationScoped
public class GridReadiness implements HealthCheck {
  /** Enough that a member owning even one partition in a hundred has one of them. */
  private static final int KEYS_TRIED = 2000;

  @Inject ClusterMode cluster;

  @EJB ResourceManager registry;

  /** The key last found on a partition this member owns: found again only when that moved. */
  private volatile String ownKey = "ready";

  @Override
  public HealthCheckResponse call() {
    if (!cluster.enabled()) {
      return HealthCheckResponse.named("grid").up().withData("cluster", false).build();
    }
    try {
      var grid = DataGrid.instance();
      readOwnKey(grid);
      Set<Member> members = grid.getCluster().getMembers();
      String cutOff = registry.unavailable();
      return HealthCheckResponse.named("grid")
          .status(cutOff == null)
          .withData("members", members.size())
          // the grid's oldest member decides who is in it: a stall of this one is the harder case
          .withData("master", members.iterator().next().localMember())
          .withData("cutOff", cutOff == null ? "no" : "this member " + cutOff)
          .build();
    } catch (Exception e) {
      return HealthCheckResponse.named("grid").down().withData("error", e.toString()).build();
    }
  }

  /**
   * A read this member's own partition threads answer, bounded: its grid runs and is not stuck. A
   * key another member owns would make every member DOWN while that one stalls (until the grid
   * takes it out), and a load balancer would then take them all out. A partition that moves while
   * it is read (the grid handing a member's partitions to the others once it took it out) has no
   * owner for a moment, and the read waits for one: seen in CI, a living member DOWN for that. So a
   * read whose key is no longer this member's when it times out is made again, once, on a key that
   * is.
   */
  private void readOwnKey(HazelcastInstance grid) throws Exception {
    String key = ownKey(grid);
    try {
      read(grid, key);
    } catch (TimeoutException e) {
      Member owner = grid.getPartitionService().getPartition(key).getOwner();
      if (grid.getCluster().getLocalMember().equals(owner)) {
        throw e;
      }
      read(grid, ownKey(grid));
    }
  }

  private static void read(HazelcastInstance grid, String key) throws Exception {
    grid.getMap(HeadBroadcast.TOPIC).getAsync(key).toCompletableFuture().get(2, TimeUnit.SECONDS);
  }

  /** A key of a partition this member owns now, if it owns any (a lite member owns none). */
  private String ownKey(HazelcastInstance grid) {
    Member self = grid.getCluster().getLocalMember();
    PartitionService partitions = grid.getPartitionService();
    if (self.equals(partitions.getPartition(ownKey).getOwner())) {
      return ownKey;
    }
    for (int i = 0; i < KEYS_TRIED; i++) {
      String key = "ready-" + i;
      if (self.equals(partitions.getPartition(key).getOwner())) {
        ownKey = key;
        return key;
      }
    }
    return "ready";
  }
}
