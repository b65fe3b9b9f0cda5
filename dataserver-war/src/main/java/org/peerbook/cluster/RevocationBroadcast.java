package org.peerbook.cluster;

import com.hazelcast.topic.ITopic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.peerbook.ContainerExecutors;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.cluster.DataGrid;

/**
 * Tells the other members of a cluster of each token revocation, so that every member refuses the
 * tokens at once (a member that starts later reads them from the database). A message is {@code
 * nodeId|cutoff}, the cut-off in epoch seconds. Idle without {@code peerbook.cluster.enabled}.
 */
@ApplicationScoped
public class RevocationBroadcast {
  static final String TOPIC = "peerbook.registry.revocations";

  @Inject ClusterMode cluster;

  @Inject ContainerExecutors executors;

  private ITopic<String> revocations;
  private final List<UUID> listening = new CopyOnWriteArrayList<>();

  /** What to do with a revocation another member set (on a container thread). */
  public interface Listener {
    void revoked(Map<String, Instant> cutoff);
  }

  @PostConstruct
  void join() {
    if (cluster.enabled()) {
      revocations = DataGrid.instance().getTopic(TOPIC);
    }
  }

  /** Starts hearing other members' revocations; this member's own come back too, harmlessly. */
  public void listen(Listener listener) {
    if (revocations != null) {
      listening.add(
          revocations.addMessageListener(
              message -> {
                String[] parts = message.getMessageObject().split("\\|", 2);
                Map<String, Instant> cutoff =
                    Map.of(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])));
                executors.scheduled().execute(() -> listener.revoked(cutoff));
              }));
    }
  }

  /** The grid outlives the application (a redeployment): its listeners must not. */
  @PreDestroy
  void leave() {
    if (revocations != null) {
      listening.forEach(revocations::removeMessageListener);
    }
  }

  public void publish(String nodeId, Instant cutoff) {
    if (revocations != null) {
      revocations.publish(nodeId + "|" + cutoff.getEpochSecond());
    }
  }
}
