package org.peerbook.registry.nodes.control;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;
import org.peerbook.protocol.SourceFault;
import org.peerbook.registry.allocation.control.Demotions;
import org.peerbook.registry.allocation.control.Reporter;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * How nodes leave the registry: they deregister, an administrator evicts them or issues their
 * credential anew, reports from other nodes evict them, or their lease lapses. Whichever way, what
 * only they needed goes with them (reports against them, a data-server grant) and, unless the lease
 * merely lapsed, every token issued to them so far is revoked. A part of {@link Registry}.
 */
final class Departures {
  private static final Logger LOG = Logger.getLogger(Departures.class.getName());

  private final String dataServerId;
  private final Clock clock;
  private final NodeTable table;
  private final SourceAllocator allocator;
  private final Revocations revocations;
  private final SourceReports reports;
  private final RegistryStatistics statistics;

  Departures(
      String dataServerId,
      Clock clock,
      NodeTable table,
      SourceAllocator allocator,
      Revocations revocations,
      SourceReports reports,
      RegistryStatistics statistics) {
    this.dataServerId = dataServerId;
    this.clock = clock;
    this.table = table;
    this.allocator = allocator;
    this.revocations = revocations;
    this.reports = reports;
    this.statistics = statistics;
  }

  /** The node leaves; the tokens it holds stop working. */
  void deregister(String nodeId) {
    removeAndRevoke(nodeId);
    statistics.deregistrations.increment();
  }

  /** An administrator removes a node; it must register again to come back. */
  void evict(String nodeId) {
    removeAndRevoke(nodeId);
    statistics.evictions.increment();
  }

  /**
   * Revokes every token issued to {@code nodeId} so far and removes the node if it is registered:
   * its credential was issued anew, so it must come back with the new one.
   */
  void revokeTokens(String nodeId) {
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "is the data server's own id");
    }
    ResourceNode removed = table.remove(nodeId);
    if (removed != null) {
      forget(removed);
      statistics.evictions.increment();
    }
    revocations.revoke(nodeId, clock.instant());
  }

  /** See {@link Registry#report}. */
  ReportOutcome report(String reporterId, String reportedId, SourceFault fault, String reason) {
    ResourceNode reporter = table.get(reporterId);
    if (reporter == null || reporter.origin()) {
      throw new UnknownNodeException(reporterId);
    }
    if (reportedId.equals(dataServerId) || reportedId.equals(reporterId)) {
      throw new InvalidNodeException("nodeId", "cannot report the data server or oneself");
    }
    if (table.get(reportedId) == null) {
      throw new UnknownNodeException(reportedId);
    }
    statistics.reports.increment();
    Instant now = clock.instant();
    SourceReports.Judgement judgement =
        reports.judge(
            Reporter.at(reporterId, reporter.networkAddress()), reportedId, kindOf(fault), now);
    reports.filed(
        reporterId,
        reportedId,
        fault.name(),
        judgement.verdict() != SourceReports.Verdict.IGNORED,
        now);
    if (judgement.verdict() == SourceReports.Verdict.IGNORED) {
      statistics.ignoredReports.increment();
      LOG.info(() -> reporterId + " reports " + reportedId + ", not handed to it lately: ignored");
      return new ReportOutcome(false, false);
    }
    if (judgement.demoted()) {
      statistics.demotions.increment();
    }
    LOG.warning(
        () ->
            reporterId
                + " reports "
                + reportedId
                + " ("
                + fault
                + "): "
                + reason
                + (judgement.demoted()
                    ? "; demoted until " + judgement.standing().demotedUntil().orElseThrow()
                    : "; withheld from " + reporterId));
    if (judgement.verdict() == SourceReports.Verdict.EVICT) {
      ResourceNode evicted = table.remove(reportedId);
      if (evicted != null) {
        forget(evicted);
        revocations.revoke(reportedId, now);
        reports.evicted(reportedId);
        statistics.evictions.increment();
        LOG.warning(
            () ->
                "evicted "
                    + reportedId
                    + " after reports from "
                    + judgement.standing().distinctReporters()
                    + " networks");
        return new ReportOutcome(true, true);
      }
    }
    return new ReportOutcome(true, false);
  }

  private static Demotions.Kind kindOf(SourceFault fault) {
    return switch (fault) {
      case BUSY -> Demotions.Kind.BUSY;
      case UNREACHABLE, TIMEOUT -> Demotions.Kind.ABSENT;
      default -> Demotions.Kind.MISCONDUCT;
    };
  }

  /** The node's lease lapsed and the table dropped it: its tokens run out on their own. */
  void lapsed(ResourceNode node) {
    forget(node);
    statistics.expirations.increment();
    LOG.fine(() -> "lease of " + node.nodeId() + " lapsed");
  }

  private void removeAndRevoke(String nodeId) {
    if (nodeId.equals(dataServerId)) {
      throw new InvalidNodeException("nodeId", "the data server cannot leave its own registry");
    }
    ResourceNode removed = table.remove(nodeId);
    if (removed == null) {
      throw new UnknownNodeException(nodeId);
    }
    forget(removed);
    revocations.revoke(nodeId, clock.instant());
  }

  private void forget(ResourceNode removed) {
    reports.forget(removed.nodeId());
    allocator.release(removed.nodeId());
  }
}
