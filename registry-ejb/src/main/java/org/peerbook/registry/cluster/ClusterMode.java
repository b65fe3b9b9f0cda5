package org.peerbook.registry.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this server is a member of a cluster ({@code peerbook.cluster.enabled}), checked once
 * against what a cluster needs: one database for every member. Each part that shares state on the
 * {@link DataGrid} asks here.
 */
@ApplicationScoped
public class ClusterMode {
  @Inject
  @ConfigProperty(name = "peerbook.cluster.enabled", defaultValue = "false")
  boolean enabled;

  // an empty default is no value to MicroProfile Config: absent, the embedded H2 file is used
  @Inject
  @ConfigProperty(name = "peerbook.db.url")
  Optional<String> databaseUrl;

  /**
   * @throws IllegalStateException if clustered without a shared database: each member's own H2 file
   *     would hold a different book
   */
  @PostConstruct
  void check() {
    if (enabled && databaseUrl.filter(url -> !url.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "peerbook.cluster.enabled needs one database for every member (peerbook.db.url, e.g."
              + " PostgreSQL): each member's own H2 file would hold a different book");
    }
  }

  public boolean enabled() {
    return enabled;
  }
}
