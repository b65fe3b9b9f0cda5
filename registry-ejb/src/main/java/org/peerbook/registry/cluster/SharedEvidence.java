package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.peerbook.registry.allocation.control.Demotions;
import org.peerbook.registry.allocation.control.Reporter;
import org.peerbook.registry.allocation.control.SourceReports;

/**
 * Counted reports and evictions by reports, told to every member of a cluster: a source's distinct
 * reporters add up to a demotion and to an eviction whichever member each reported to (otherwise a
 * liar that three nodes reported through three members would never reach the threshold), and every
 * member withholds it from its reporters. Messages are text: {@code
 * counted|kind|reported|reporter|network|epochMillis} (kind {@code MISCONDUCT}, {@code ABSENT} or
 * {@code BUSY}; the reporter's {@linkplain Reporter#network network}) and {@code evicted|nodeId}
 * (node ids and networks hold no {@code |}); a member skips its own.
 */
public final class SharedEvidence implements SourceReports.Evidence, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SharedEvidence.class.getName());
  static final String TOPIC = "peerbook.registry.evidence";
  private static final Set<String> KINDS =
      Arrays.stream(Demotions.Kind.values()).map(Enum::name).collect(Collectors.toSet());

  private final ITopic<String> topic;
  private final UUID listener;

  /** Shares what {@code reports} counts from now on, and counts what the other members share. */
  public SharedEvidence(HazelcastInstance grid, SourceReports reports) {
    topic = grid.getTopic(TOPIC);
    listener = topic.addMessageListener(message -> heard(message, reports));
    reports.shareEvidence(this);
  }

  @Override
  public void counted(String reported, Reporter reporter, Demotions.Kind kind, Instant at) {
    topic.publish(
        String.join(
            "|",
            "counted",
            kind.name(),
            reported,
            reporter.nodeId(),
            reporter.network(),
            Long.toString(at.toEpochMilli())));
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
    if (parts.length == 5 && parts[0].equals("counted")) {
      // from a member not yet upgraded (a rolling upgrade): its reporter counts alone, as there
      String network = Reporter.alone(parts[3]).network();
      parts = new String[] {parts[0], parts[1], parts[2], parts[3], network, parts[4]};
    }
    if (parts.length == 6
        && parts[0].equals("counted")
        && KINDS.contains(parts[1])
        && parts[5].matches("\\d{1,18}")) {
      reports.countedElsewhere(
          parts[2],
          new Reporter(parts[3], parts[4]),
          Demotions.Kind.valueOf(parts[1]),
          Instant.ofEpochMilli(Long.parseLong(parts[5])));
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
