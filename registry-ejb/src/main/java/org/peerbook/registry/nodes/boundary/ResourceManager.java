package org.peerbook.registry.nodes.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The resource manager: the one owner of the node table. Reads and writes go to a concurrent map
 * under the container's read lock, so no request ever waits for another on the hot path.
 *
 * <p>At start-up the data server registers itself: it is the source of last resort (patent D1).
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class ResourceManager {
  private static final Logger LOG = Logger.getLogger(ResourceManager.class.getName());

  @Inject
  @ConfigProperty(name = "peerbook.registry.data-server-id", defaultValue = "data-server")
  String dataServerId;

  @Inject
  @ConfigProperty(
      name = "peerbook.registry.data-server-url",
      defaultValue = "http://localhost:8080/api/sync")
  String dataServerUrl;

  private final ConcurrentMap<String, ResourceNode> nodes = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  @PostConstruct
  void registerDataServer() {
    nodes.put(
        dataServerId, new ResourceNode(dataServerId, dataServerUrl, 0, true, clock.instant()));
    LOG.info(
        () -> "data server " + dataServerId + " registered as resource node at " + dataServerUrl);
  }

  public Collection<ResourceNode> nodes() {
    return List.copyOf(nodes.values());
  }
}
