package org.peerbook.directory.entity;

import java.time.Instant;
import java.util.List;

/**
 * What one run of a source did (or, for a dry run, would do).
 *
 * @param entriesSeen the entries the directory returned for the filter
 * @param errors the first entries that could not be mapped (at most {@link #MAX_LISTED}); {@code
 *     errorCount} counts them all
 * @param failure why the run failed, applying nothing; {@code null} unless {@code FAILED}
 * @param sample for a dry run, the first changes it would make (at most {@link #MAX_LISTED})
 * @param bookVersion the book's version after the run; 0 where it did not change the book
 * @param phases how long reading the directory, comparing with the book and recording took
 */
public record RunReport(
    String source,
    boolean dryRun,
    Status status,
    Instant startedAt,
    Instant endedAt,
    int entriesSeen,
    int creates,
    int updates,
    int deletes,
    int unchanged,
    int errorCount,
    List<EntryError> errors,
    String failure,
    List<PlannedChange> sample,
    long bookVersion,
    Phases phases) {

  public static final int MAX_LISTED = 50;

  public enum Status {
    RUNNING,
    /** Every entry read, mapped, and the differences applied (a dry run: computed). */
    SUCCEEDED,
    /** Applied, but some entries could not be mapped: they were skipped and are listed. */
    PARTIAL,
    /** Nothing applied: the directory or the book failed the run. */
    FAILED
  }

  /** An entry that could not become a contact: left out of the run, its contact left as it was. */
  public record EntryError(String dn, String reason) {}

  /** Where a run's time went, in milliseconds: a slow run shows which side to look at. */
  public record Phases(long directoryMillis, long compareMillis, long recordMillis) {
    public static final Phases NONE = new Phases(0, 0, 0);
  }

  /** One change a dry run would make. */
  public record PlannedChange(String operation, String contactId, String displayName) {}

  public static RunReport running(String source, boolean dryRun, Instant startedAt) {
    return new RunReport(
        source,
        dryRun,
        Status.RUNNING,
        startedAt,
        null,
        0,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        List.of(),
        0,
        Phases.NONE);
  }

  public RunReport failed(String why, Instant endedAt) {
    return new RunReport(
        source,
        dryRun,
        Status.FAILED,
        startedAt,
        endedAt,
        entriesSeen,
        0,
        0,
        0,
        0,
        errorCount,
        errors,
        why,
        List.of(),
        0,
        phases);
  }
}
