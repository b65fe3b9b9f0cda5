package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;
import org.peerbook.registry.allocation.control.SourceReports;

/**
 * Counted reports and evictions by reports, told to every member of a cluster: a source that failed
 * its requesters is demoted on every member, and its distinct reporters add up whichever member
 * each reported to (otherwise a liar that three nodes reported through three members would never
 * reach the eviction threshold). Messages are text: {@code struck|reported|reporter|epochMillis},
 * {@code absent|reported|epochMillis} and {@code evicted|nodeId} (node ids hold no {@code |}); a
 * member skips its own.
 */
public final class SharedEvidence implements SourceReports.Evidence, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SharedEvidence.class.getName());
  static final String TOPIC = "peerbook.registry.evidence";

  private final ITopic<String> topic;
  private final UUID listener;

  /** Shares what {@code reports} counts from now on, and counts what the other members share. */
  public SharedEvidence(HazelcastInstance grid, SourceReports reports) {
    topic = grid.getTopic(TOPIC);
    listener = topic.addMessageListener(message -> heard(message, reports));
    reports.shareEvidence(this);
  }

  @Override
  public void struck(String reported, String reporter, Instant at) {
    topic.publish("struck|" + reported + "|" + reporter + "|" + at.toEpochMilli());
  }

  @Override
  public void absent(String reported, Instant at) {
    topic.publish("absent|" + reported + "|" + at.toEpochMilli());
  }

  @Override
  public void evicted(String nodeId) {
    topic.publish("evicted|" + nodeId);
  }

  private static void heard(Message<String> message, SourceReports reports) {
    if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
      return;
    }
    String[] parts = message.getMessageObject().split("\\|");
    if (parts.length == 4 && parts[0].equals("struck") && parts[3].matches("\\d{1,18}")) {
      reports.struckElsewhere(parts[1], parts[2], Instant.ofEpochMilli(Long.parseLong(parts[3])));
    } else if (parts.length == 3 && parts[0].equals("absent") && parts[2].matches("\\d{1,18}")) {
      reports.absentElsewhere(parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])));
    } else if (parts.length == 2 && parts[0].equals("evicted")) {
      reports.evictedElsewhere(parts[1]);
    } else {
      LOG.warning(() -> "unreadable evidence from another member: " + message.getMessageObject());
    }
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  @Override
  public void close() {
    topic.removeMessageListener(listener);
  }
}
