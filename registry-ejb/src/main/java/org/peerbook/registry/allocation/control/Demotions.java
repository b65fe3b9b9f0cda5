package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What counted reports did to the nodes they were about.
 *
 * <p>One node's word steers only what that node is handed: its report keeps the reported node from
 * its own hand-outs for {@code base} (doubled for each earlier report of its own and each earlier
 * demotion, up to 64 times), and nobody else's. A node is demoted, handed to nobody, only when
 * nodes of {@code quorum} distinct {@linkplain Reporter#network networks} reported a fault within
 * {@code window} (each handed it, which {@link SourceReports} checked): then for {@code base},
 * doubled for each earlier demotion, so a source that keeps failing is tried ever more rarely.
 * Otherwise a hostile node that was handed an honest source could take it from everyone, one
 * hostile node handed many sources could shift their requesters onto the data server, and one
 * machine that enrolled several ids could do either.
 *
 * <p>Kinds of report: misconduct (anything a source sent or claimed that was wrong) also counts its
 * reporter towards eviction; absence (unreachable, too slow) demotes but counts no one towards
 * eviction, as an honest node that stalled or slept fails everyone who asked it in that moment;
 * busy (it refused: serving as many as it serves) sets the node aside for {@code base} without a
 * demotion of its own, once nodes of {@code quorum} distinct networks found it busy or failing. A
 * node's record outlives its lease and a new registration (a liar cannot launder its record by
 * registering again) and is forgotten an hour after it last mattered.
 */
public final class Demotions {
  private static final int MAX_DOUBLINGS = 6;
  private static final Duration MEMORY = Duration.ofHours(1);

  /** What a report says about the source. */
  public enum Kind {
    MISCONDUCT,
    ABSENT,
    BUSY
  }

  private final Duration base;
  private final Duration window;
  private final int quorum;
  private final ConcurrentMap<String, Record> records = new ConcurrentHashMap<>();

  /**
   * One reporter's latest word about a node.
   *
   * @param reports how many reports it made about the node, for the length of its exclusion
   * @param excludedUntil until when the node is kept from this reporter's hand-outs
   */
  private record Witness(
      String network, Kind kind, int reports, Instant at, Instant excludedUntil) {}

  /**
   * @param demotions how often the node was demoted for everyone
   * @param accusers the nodes that reported misconduct since its last eviction, with their networks
   * @param demotedUntil until when it is handed to nobody; {@code null} if it never was
   * @param witnesses each reporter's latest word about it
   * @param countedSince reports from before this instant led to a demotion already
   */
  private record Record(
      int demotions,
      Map<String, String> accusers,
      Instant demotedUntil,
      Map<String, Witness> witnesses,
      Instant countedSince) {

    static Record none() {
      return new Record(0, Map.of(), null, Map.of(), Instant.MIN);
    }

    boolean demotedAt(Instant now) {
      return demotedUntil != null && demotedUntil.isAfter(now);
    }

    /** The networks whose reporters' word counts towards the next demotion. */
    long witnessesAt(Instant now, Duration window, boolean faultsOnly) {
      return witnesses.values().stream()
          .filter(witness -> witness.at().isAfter(countedSince))
          .filter(witness -> witness.at().plus(window).isAfter(now))
          .filter(witness -> !faultsOnly || witness.kind() != Kind.BUSY)
          .map(Witness::network)
          .distinct()
          .count();
    }

    /** The networks misconduct was reported from since the last eviction. */
    int accusingNetworks() {
      return (int) accusers.values().stream().distinct().count();
    }

    Instant lastMattered() {
      Instant last = demotedUntil == null ? Instant.MIN : demotedUntil;
      for (Witness witness : witnesses.values()) {
        if (witness.excludedUntil().isAfter(last)) {
          last = witness.excludedUntil();
        }
      }
      return last;
    }
  }

  /**
   * What the registry knows of a node after reports.
   *
   * @param demotions how often it was demoted for everyone
   * @param distinctReporters the distinct networks misconduct was reported from since its last
   *     eviction
   * @param witnesses the distinct networks whose reports count towards its next demotion
   * @param demotedUntil until when it is (or was) handed to nobody, if it ever was
   */
  public record Standing(
      int demotions, int distinctReporters, int witnesses, Optional<Instant> demotedUntil) {}

  /**
   * @param base how long a first report keeps the node from its reporter, and a first demotion from
   *     everyone
   * @param window how long a report counts towards a demotion
   * @param quorum the distinct networks whose reports within {@code window} demote a node
   */
  public Demotions(Duration base, Duration window, int quorum) {
    if (base.isNegative() || base.isZero() || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a demotion must last and reports must count a while");
    }
    if (quorum < 1) {
      throw new IllegalArgumentException("a demotion needs at least one reporter");
    }
    this.base = base;
    this.window = window;
    this.quorum = quorum;
  }

  /**
   * What one report did.
   *
   * @param demoted whether this report completed a quorum: the node is handed to nobody from now
   */
  public record Counted(boolean demoted, Standing standing) {}

  /** Counts a report of {@code reporter} against {@code reported} at {@code now}. */
  public Counted report(String reported, Reporter reporter, Kind kind, Instant now) {
    Record[] before = new Record[1];
    Record after =
        records.compute(
            reported,
            (id, earlier) -> {
              before[0] = earlier == null ? Record.none() : earlier;
              return counted(before[0], reporter, kind, now);
            });
    // a report counts towards a demotion only while the node is not demoted
    boolean demoted = !before[0].demotedAt(now) && after.demotedAt(now);
    return new Counted(demoted, standingOf(after, now));
  }

  private Record counted(Record before, Reporter reporter, Kind kind, Instant now) {
    Map<String, Witness> witnesses = new HashMap<>();
    before.witnesses().entrySet().stream()
        .filter(
            entry ->
                entry.getValue().at().plus(window).isAfter(now)
                    || entry.getValue().excludedUntil().isAfter(now))
        .forEach(entry -> witnesses.put(entry.getKey(), entry.getValue()));
    Witness earlier = witnesses.get(reporter.nodeId());
    int reports = earlier == null ? 1 : earlier.reports() + 1;
    Instant excludedUntil =
        kind == Kind.BUSY ? now.plus(base) : now.plus(doubled(before.demotions() + reports - 1));
    witnesses.put(
        reporter.nodeId(), new Witness(reporter.network(), kind, reports, now, excludedUntil));
    Map<String, String> accusers = new HashMap<>(before.accusers());
    if (kind == Kind.MISCONDUCT) {
      accusers.put(reporter.nodeId(), reporter.network());
    }
    Record after =
        new Record(
            before.demotions(),
            Map.copyOf(accusers),
            before.demotedUntil(),
            Map.copyOf(witnesses),
            before.countedSince());
    if (after.demotedAt(now)) {
      return after;
    }
    if (after.witnessesAt(now, window, true) >= quorum) {
      int demotions = after.demotions() + 1;
      return new Record(
          demotions, after.accusers(), now.plus(doubled(demotions - 1)), after.witnesses(), now);
    }
    if (after.witnessesAt(now, window, false) >= quorum) {
      return new Record(
          after.demotions(), after.accusers(), now.plus(base), after.witnesses(), now);
    }
    return after;
  }

  private Duration doubled(int times) {
    return base.multipliedBy(1L << Math.min(times, MAX_DOUBLINGS));
  }

  /** What reports did to {@code nodeId} so far, if any counted. */
  public Optional<Standing> standing(String nodeId, Instant now) {
    return Optional.ofNullable(records.get(nodeId)).map(record -> standingOf(record, now));
  }

  private Standing standingOf(Record record, Instant now) {
    return new Standing(
        record.demotions(),
        record.accusingNetworks(),
        (int) record.witnessesAt(now, window, false),
        Optional.ofNullable(record.demotedUntil()));
  }

  /** Whether {@code nodeId} is handed to nobody for now. */
  public boolean isDemoted(String nodeId, Instant now) {
    Record record = records.get(nodeId);
    return record != null && record.demotedAt(now);
  }

  /** Whether {@code nodeId} is not to be handed to {@code requester} for now. */
  public boolean isWithheldFrom(String requester, String nodeId, Instant now) {
    Record record = records.get(nodeId);
    if (record == null) {
      return false;
    }
    Witness witness = record.witnesses().get(requester);
    return record.demotedAt(now) || witness != null && witness.excludedUntil().isAfter(now);
  }

  /**
   * The node was evicted: its accusers start afresh (so one more report cannot evict it again at
   * once if it comes back), its demotions stay (so later ones stay long).
   */
  public void evicted(String nodeId) {
    records.computeIfPresent(
        nodeId,
        (id, record) ->
            new Record(
                record.demotions(),
                Map.of(),
                record.demotedUntil(),
                record.witnesses(),
                record.countedSince()));
  }

  public void sweep(Instant now) {
    records.values().removeIf(record -> record.lastMattered().plus(MEMORY).isBefore(now));
  }
}
