package org.peerbook.cluster;

import com.hazelcast.topic.ITopic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.HeadAdvanced;
import org.peerbook.registry.cluster.ClusterMode;
import org.peerbook.registry.cluster.DataGrid;

/**
 * Makes a commit on any member a {@link HeadAdvanced} on every member: the registry then announces
 * the new head in its leases, and change-feed waiters wake, wherever the agent or the follower is
 * connected. A local commit is published on the grid's topic; a head from another member is fired
 * here as if committed here. A topic may drop a message (a member busy or cut off for a moment), so
 * every second each member also reads the head from the database and fires what it missed. Idle
 * without {@code peerbook.cluster.enabled}.
 */
@Singleton
@Startup
@DependsOn("HeadAnnouncer")
@Lock(LockType.READ)
public class HeadBroadcast {
  private static final Logger LOG = Logger.getLogger(HeadBroadcast.class.getName());
  static final String TOPIC = "peerbook.book.heads";

  @Inject ClusterMode cluster;

  @EJB BookLog log;

  @Inject Event<HeadAdvanced> headAdvanced;

  @Resource ManagedExecutorService executor;

  // the highest head this member committed, published or heard of
  private final AtomicLong highest = new AtomicLong(-1);
  private ITopic<Long> heads;
  private UUID listening;

  @PostConstruct
  void join() {
    if (!cluster.enabled()) {
      return;
    }
    highest.set(log.headView().head().version());
    heads = DataGrid.instance().getTopic(TOPIC);
    // never on the grid's event thread: observers call EJBs and write responses
    listening =
        heads.addMessageListener(
            message -> executor.execute(() -> heard(message.getMessageObject())));
    LOG.info(() -> "announcing heads to the cluster from version " + highest.get());
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  @PreDestroy
  void leave() {
    if (heads != null) {
      heads.removeMessageListener(listening);
    }
  }

  /** A commit on this member, or a head heard and fired here: only a new one is published. */
  public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeadAdvanced head) {
    if (heads != null && raise(head.version())) {
      heads.publish(head.version());
    }
  }

  /** The backstop: what the topic may have dropped, the database has ({@link HeadCatchUp}). */
  public void catchUp() {
    if (heads != null) {
      heard(log.headView().head().version());
    }
  }

  private void heard(long version) {
    if (raise(version)) {
      headAdvanced.fire(new HeadAdvanced(version));
    }
  }

  private boolean raise(long version) {
    return highest.getAndAccumulate(version, Math::max) < version;
  }
}
