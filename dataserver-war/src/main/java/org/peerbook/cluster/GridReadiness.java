package org.peerbook.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.cluster.DataGrid;

/**
 * In a cluster, ready only while the data grid answers: {@code GET /health/ready} says how many
 * members this one sees, or why it sees none. Without {@code peerbook.cluster.enabled}, always up.
 */
@Readiness
@ApplicationScoped
public class GridReadiness implements HealthCheck {
  @Inject ClusterMode cluster;

  @Override
  public HealthCheckResponse call() {
    if (!cluster.enabled()) {
      return HealthCheckResponse.named("grid").up().withData("cluster", false).build();
    }
    try {
      var grid = DataGrid.instance();
      // a read that has to reach the partition's owner, bounded: a member cut off answers DOWN
      grid.getMap(HeadBroadcast.TOPIC)
          .getAsync("ready")
          .toCompletableFuture()
          .get(2, TimeUnit.SECONDS);
      return HealthCheckResponse.named("grid")
          .up()
          .withData("members", grid.getCluster().getMembers().size())
          .build();
    } catch (Exception e) {
      return HealthCheckResponse.named("grid").down().withData("error", e.toString()).build();
    }
  }
}
