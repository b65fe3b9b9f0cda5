package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What counted reports did to the nodes they were about. A counted report demotes its node at once:
 * it is handed to nobody for {@code base}, doubled for each earlier report against it (up to 64
 * times {@code base}), so a source that keeps failing is tried ever more rarely. The distinct
 * reporters of misconduct are counted for eviction; a source that was only absent (unreachable or
 * too slow) is demoted the same way but gains no reporter: an honest node that stalled or slept for
 * a while cannot tell those faults apart from the outside, and keeps its registration. A node's
 * record outlives its lease and a new registration (a liar cannot launder its record by registering
 * again) and is forgotten an hour after its last demotion ended.
 */
public final class Demotions {
  private static final int MAX_DOUBLINGS = 6;
  private static final Duration MEMORY = Duration.ofHours(1);

  private final Duration base;
  private final ConcurrentMap<String, Record> records = new ConcurrentHashMap<>();

  /**
   * @param strikes counted reports against the node so far
   * @param reporters the distinct nodes whose reports counted since its last eviction
   */
  private record Record(int strikes, Set<String> reporters, Instant demotedUntil) {}

  /** What one counted report did. */
  public record Strike(int strikes, int distinctReporters, Instant demotedUntil) {}

  public Demotions(Duration base) {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("a demotion must last");
    }
    this.base = base;
  }

  /** Counts a report of {@code reporter} against {@code reported}, demoting it from {@code now}. */
  public Strike strike(String reported, String reporter, Instant now) {
    return strike(reported, Set.of(reporter), now);
  }

  /**
   * Counts a report that {@code reported} was absent (unreachable, or no answer in time): demoted
   * from {@code now} as long as any strike, but no reporter is added towards eviction.
   */
  public Strike strikeAbsent(String reported, Instant now) {
    return strike(reported, Set.of(), now);
  }

  private Strike strike(String reported, Set<String> witnesses, Instant now) {
    Record after =
        records.compute(
            reported,
            (id, before) -> {
              int strikes = before == null ? 1 : before.strikes() + 1;
              Set<String> reporters = new HashSet<>(before == null ? Set.of() : before.reporters());
              reporters.addAll(witnesses);
              Instant until =
                  now.plus(base.multipliedBy(1L << Math.min(strikes - 1, MAX_DOUBLINGS)));
              if (before != null && before.demotedUntil().isAfter(until)) {
                until = before.demotedUntil();
              }
              return new Record(strikes, Set.copyOf(reporters), until);
            });
    return new Strike(after.strikes(), after.reporters().size(), after.demotedUntil());
  }

  /**
   * Sets {@code reported} aside for {@code base} from {@code now}, without a strike: it was busy
   * (serving as many as it serves at once), which is no fault and no reason to evict it, and no
   * reason to hand it out again at once either.
   *
   * @return until when it is handed to nobody (a longer demotion it had stays)
   */
  public Instant setAside(String reported, Instant now) {
    Record after =
        records.compute(
            reported,
            (id, before) -> {
              Instant until = now.plus(base);
              if (before == null) {
                return new Record(0, Set.of(), until);
              }
              return new Record(
                  before.strikes(),
                  before.reporters(),
                  before.demotedUntil().isAfter(until) ? before.demotedUntil() : until);
            });
    return after.demotedUntil();
  }

  /** What reports did to {@code nodeId} so far, if any counted or it was set aside lately. */
  public Optional<Strike> standing(String nodeId) {
    return Optional.ofNullable(records.get(nodeId))
        .map(
            record ->
                new Strike(record.strikes(), record.reporters().size(), record.demotedUntil()));
  }

  public boolean isDemoted(String nodeId, Instant now) {
    Record record = records.get(nodeId);
    return record != null && record.demotedUntil().isAfter(now);
  }

  /**
   * The node was evicted: its reporters start afresh (so one more report cannot evict it again at
   * once if it comes back), its strikes stay (so its demotions stay long).
   */
  public void evicted(String nodeId) {
    records.computeIfPresent(
        nodeId, (id, record) -> new Record(record.strikes(), Set.of(), record.demotedUntil()));
  }

  public void sweep(Instant now) {
    records.values().removeIf(record -> record.demotedUntil().plus(MEMORY).isBefore(now));
  }
}
