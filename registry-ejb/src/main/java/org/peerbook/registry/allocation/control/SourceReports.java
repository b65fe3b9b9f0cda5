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
 * counts only against a recent hand-out of the reported node to that reporter.
 */
public final class SourceReports {
  private final HandOuts handOuts;
  private final Demotions demotions;
  private final FiledReports filedReports;
  private final int evictionThreshold;
  private volatile Evidence evidence = Evidence.KEPT_HERE;

  /**
   * Where counted reports go beyond this registry: nowhere on one server; to the other members of a
   * cluster, so that a node is demoted everywhere and its reporters add up, whichever member each
   * reported to.
   */
  public interface Evidence {
    Evidence KEPT_HERE =
        new Evidence() {
          @Override
          public void struck(String reported, String reporter, Instant at) {}

          @Override
          public void absent(String reported, Instant at) {}

          @Override
          public void evicted(String nodeId) {}
        };

    void struck(String reported, String reporter, Instant at);

    void absent(String reported, Instant at);

    void evicted(String nodeId);
  }

  /**
   * @param window how long a hand-out allows a report
   * @param perRequester how many recent hand-outs are kept per requester
   * @param demotion how long a first counted report demotes a node
   * @param evictionThreshold distinct reporters after which a node is evicted
   */
  public SourceReports(
      Duration window, int perRequester, Duration demotion, int evictionThreshold) {
    this.handOuts = new HandOuts(window, perRequester);
    this.demotions = new Demotions(demotion);
    this.filedReports = new FiledReports(perRequester);
    this.evictionThreshold = evictionThreshold;
  }

  /** What a report did. */
  public enum Verdict {
    /** The reporter was not recently handed the node: nothing changes. */
    IGNORED,
    /** The node is demoted. */
    DEMOTED,
    /** The node is demoted, and enough distinct nodes reported it: evict it. */
    EVICT
  }

  /**
   * @param demotedUntil until when the node is handed to nobody; {@code null} if ignored
   * @param distinctReporters the distinct nodes whose reports counted against it
   */
  public record Judgement(Verdict verdict, Instant demotedUntil, int distinctReporters) {}

  public void shareEvidence(Evidence evidence) {
    this.evidence = evidence;
  }

  public void handedOut(String requester, Collection<String> sources, Instant now) {
    handOuts.record(requester, sources, now);
  }

  public Judgement judge(String reporter, String reported, Instant now) {
    if (!handOuts.consume(reporter, reported, now)) {
      return new Judgement(Verdict.IGNORED, null, 0);
    }
    Demotions.Strike strike = demotions.strike(reported, reporter, now);
    evidence.struck(reported, reporter, now);
    Verdict verdict =
        strike.distinctReporters() >= evictionThreshold ? Verdict.EVICT : Verdict.DEMOTED;
    return new Judgement(verdict, strike.demotedUntil(), strike.distinctReporters());
  }

  /**
   * A report that {@code reported} was absent: no connection, a connection broken off, or no answer
   * within the requester's deadline. It uses the hand-out up and demotes the node like any counted
   * report (longer each time), but never adds up to an eviction: an honest node whose process
   * stalled or whose laptop slept for a few seconds fails every requester of that moment the same
   * way, and evicting it would only make it register again. A node that stays away loses its lease;
   * one that only ever stalls is handed out ever more rarely.
   */
  public Judgement absent(String reporter, String reported, Instant now) {
    if (!handOuts.consume(reporter, reported, now)) {
      return new Judgement(Verdict.IGNORED, null, 0);
    }
    Demotions.Strike strike = demotions.strikeAbsent(reported, now);
    evidence.absent(reported, now);
    return new Judgement(Verdict.DEMOTED, strike.demotedUntil(), strike.distinctReporters());
  }

  /**
   * A report that {@code reported} was busy (it answered 503 or 429: it serves as many as it serves
   * at once). It uses the hand-out up and sets the node aside for a first demotion's time, but
   * counts no strike: being popular is no fault, and an honest node that many requesters found busy
   * in a burst must not be evicted for it.
   */
  public Judgement busy(String reporter, String reported, Instant now) {
    if (!handOuts.consume(reporter, reported, now)) {
      return new Judgement(Verdict.IGNORED, null, 0);
    }
    return new Judgement(Verdict.DEMOTED, demotions.setAside(reported, now), 0);
  }

  /** What an administrator sees of a node: the sources it was handed, the reports against it. */
  public record Standing(
      Map<String, Instant> recentSources,
      Optional<Demotions.Strike> reports,
      List<FiledReports.Filed> filed) {}

  public Standing standing(String nodeId, Instant now) {
    return new Standing(
        handOuts.recentFor(nodeId, now), demotions.standing(nodeId), filedReports.of(nodeId));
  }

  /** Keeps what {@code reporter} said about {@code reported}, counted or not, for its standing. */
  public void filed(String reporter, String reported, String fault, boolean counted, Instant at) {
    filedReports.add(reporter, new FiledReports.Filed(reported, fault, counted, at));
  }

  public boolean isDemoted(String nodeId, Instant now) {
    return demotions.isDemoted(nodeId, now);
  }

  /** The node was evicted: its reporters start afresh, its demotions stay long. */
  public void evicted(String nodeId) {
    demotions.evicted(nodeId);
    evidence.evicted(nodeId);
  }

  /** A report another member counted (it checked the hand-out). */
  public void struckElsewhere(String reported, String reporter, Instant at) {
    demotions.strike(reported, reporter, at);
  }

  /** A report of absence another member counted (it checked the hand-out). */
  public void absentElsewhere(String reported, Instant at) {
    demotions.strikeAbsent(reported, at);
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
