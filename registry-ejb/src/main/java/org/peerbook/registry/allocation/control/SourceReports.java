package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports as evidence: what the registry handed to whom ({@link HandOuts}), what counted reports
 * did to their nodes ({@link Demotions}), and when distinct reporters suffice to evict. A report
 * counts only against a recent hand-out of the reported node to that reporter; one reporter's
 * report keeps the node from that reporter only, reporters of distinct {@linkplain Reporter#network
 * networks} demote it for everyone.
 */
public final class SourceReports {
  private final HandOuts handOuts;
  private final Demotions demotions;
  private final FiledReports filedReports;
  private final int evictionThreshold;
  private volatile Evidence evidence = Evidence.KEPT_HERE;

  /**
   * Where counted reports go beyond this registry: nowhere on one server; to the other members of a
   * cluster, so that reporters add up (to a demotion, to an eviction) whichever member each
   * reported to, and every member withholds the node from its reporters.
   */
  public interface Evidence {
    Evidence KEPT_HERE =
        new Evidence() {
          @Override
          public void counted(
              String reported, Reporter reporter, Demotions.Kind kind, Instant at) {}

          @Override
          public void evicted(String nodeId) {}
        };

    void counted(String reported, Reporter reporter, Demotions.Kind kind, Instant at);

    void evicted(String nodeId);
  }

  /**
   * @param window how long a hand-out allows a report, and a report counts towards a demotion
   * @param perRequester how many recent hand-outs are kept per requester
   * @param demotion how long a first counted report withholds a node from its reporter, and a first
   *     demotion from everyone
   * @param quorum reporters of distinct networks after which a node is demoted for everyone
   * @param evictionThreshold reporters of misconduct of distinct networks after which a node is
   *     evicted
   */
  public SourceReports(
      Duration window, int perRequester, Duration demotion, int quorum, int evictionThreshold) {
    this.handOuts = new HandOuts(window, perRequester);
    this.demotions = new Demotions(demotion, window, quorum);
    this.filedReports = new FiledReports(perRequester);
    this.evictionThreshold = evictionThreshold;
  }

  /** What a report did. */
  public enum Verdict {
    /** The reporter was not recently handed the node: nothing changes. */
    IGNORED,
    /** The node is withheld from the reporter, and demoted if enough networks reported it. */
    COUNTED,
    /** Enough networks reported its misconduct: evict it. */
    EVICT
  }

  /**
   * @param demoted whether the report completed a quorum: the node is handed to nobody from now
   * @param standing what the registry knows of the node after the report; {@code null} if ignored
   */
  public record Judgement(Verdict verdict, boolean demoted, Demotions.Standing standing) {}

  public void shareEvidence(Evidence evidence) {
    this.evidence = evidence;
  }

  public void handedOut(String requester, Collection<String> sources, Instant now) {
    handOuts.record(requester, sources, now);
  }

  /**
   * A report of {@code kind} against {@code reported}, counted if the registry recently handed it
   * to {@code reporter} (and the hand-out is used up). Only misconduct adds up to an eviction: an
   * honest node that stalled or slept for a few seconds fails every requester of that moment the
   * same way ({@code ABSENT}), and one that got a new version first is asked by many at once
   * ({@code BUSY}); evicting either would only make it register again.
   */
  public Judgement judge(Reporter reporter, String reported, Demotions.Kind kind, Instant now) {
    if (!handOuts.consume(reporter.nodeId(), reported, now)) {
      return new Judgement(Verdict.IGNORED, false, null);
    }
    Demotions.Counted counted = demotions.report(reported, reporter, kind, now);
    evidence.counted(reported, reporter, kind, now);
    Verdict verdict =
        kind == Demotions.Kind.MISCONDUCT
                && counted.standing().distinctReporters() >= evictionThreshold
            ? Verdict.EVICT
            : Verdict.COUNTED;
    return new Judgement(verdict, counted.demoted(), counted.standing());
  }

  /** What an administrator sees of a node: the sources it was handed, the reports against it. */
  public record Standing(
      Map<String, Instant> recentSources,
      Optional<Demotions.Standing> reports,
      List<FiledReports.Filed> filed) {}

  public Standing standing(String nodeId, Instant now) {
    return new Standing(
        handOuts.recentFor(nodeId, now), demotions.standing(nodeId, now), filedReports.of(nodeId));
  }

  /** Keeps what {@code reporter} said about {@code reported}, counted or not, for its standing. */
  public void filed(String reporter, String reported, String fault, boolean counted, Instant at) {
    filedReports.add(reporter, new FiledReports.Filed(reported, fault, counted, at));
  }

  public boolean isDemoted(String nodeId, Instant now) {
    return demotions.isDemoted(nodeId, now);
  }

  /** Whether {@code nodeId} is not to be handed to {@code requester} for now, after reports. */
  public boolean isWithheldFrom(String requester, String nodeId, Instant now) {
    return demotions.isWithheldFrom(requester, nodeId, now);
  }

  /** The node was evicted: its reporters start afresh, its demotions stay long. */
  public void evicted(String nodeId) {
    demotions.evicted(nodeId);
    evidence.evicted(nodeId);
  }

  /** A report another member counted (it checked the hand-out). */
  public void countedElsewhere(
      String reported, Reporter reporter, Demotions.Kind kind, Instant at) {
    demotions.report(reported, reporter, kind, at);
  }

  /** Another member evicted the node after reports. */
  public void evictedElsewhere(String nodeId) {
    demotions.evicted(nodeId);
  }

  /** The node left the table: its hand-outs, as a requester, go with it. */
  public void forget(String nodeId) {
    handOuts.forget(nodeId);
    filedReports.forget(nodeId);
  }

  public void sweep(Instant now) {
    handOuts.sweep(now);
    demotions.sweep(now);
  }
}
