package org.peerbook.directory.control;

import com.unboundid.ldap.sdk.Entry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.peerbook.book.control.Change;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.RunReport;
import org.peerbook.directory.entity.RunReport.EntryError;
import org.peerbook.directory.entity.StoredContact;
import org.peerbook.protocol.ContactDto;

/**
 * One run of a source, the same for a first import and for every later one: read every entry the
 * filter selects, map each, compare with the source's contacts in the book, and record the
 * differences in one call, so in one transaction: a run that fails anywhere applies nothing.
 *
 * <p>An entry that cannot be mapped is reported and skipped, and its contact (if it has one) is
 * left as it is: one typo in a directory of thousands neither blocks everyone else's changes nor
 * deletes that person.
 */
public final class DirectoryRun {
  /** Reads every entry of a source, page by page, handing each to the consumer as it comes. */
  @FunctionalInterface
  public interface Directory {
    void read(DirectorySource source, String[] attributes, Consumer<Entry> entries);
  }

  /** The book as a run sees it. */
  public interface SourceBook {
    /** Every contact whose {@code source} attribute names this source, by id. */
    Map<String, StoredContact> contactsOf(String source);

    /** Records the changes all or nothing; returns the book's new version. */
    long record(List<Change> changes);
  }

  private DirectoryRun() {}

  /**
   * @throws RunFailedException with the failed run's report, having applied nothing
   */
  public static RunReport run(
      DirectorySource source, Directory directory, SourceBook book, boolean dryRun, Clock clock) {
    Instant started = clock.instant();
    EntryMapping mapping = new EntryMapping(source);
    Map<String, ContactDto> read = new LinkedHashMap<>();
    Set<String> kept = new HashSet<>();
    List<EntryError> errors = new ArrayList<>();
    int[] counts = new int[2]; // entries seen, errors
    Instant deadline = started.plus(source.maxRunTime());
    try {
      directory.read(
          source,
          mapping.requestedAttributes(),
          entry -> {
            counts[0]++;
            requireWithinLimits(source, counts[0], deadline, clock);
            try {
              ContactDto contact = mapping.map(entry);
              // an entry moved while the pages were read can come twice: once is enough
              read.put(contact.id(), contact);
            } catch (UnmappableEntryException e) {
              counts[1]++;
              e.contactId().ifPresent(kept::add);
              if (errors.size() < RunReport.MAX_LISTED) {
                errors.add(new EntryError(e.dn(), e.getMessage()));
              }
            }
          });
      read.keySet().forEach(kept::remove);
      Instant readAt = clock.instant();
      Reconciliation.Plan plan =
          Reconciliation.plan(
              read.values(),
              kept,
              book.contactsOf(source.name()),
              dryRun ? RunReport.MAX_LISTED : 0);
      Instant comparedAt = clock.instant();
      long version = 0;
      if (!dryRun && !plan.changes().isEmpty()) {
        version = book.record(plan.changes());
      }
      Instant ended = clock.instant();
      return new RunReport(
          source.name(),
          dryRun,
          counts[1] == 0 ? RunReport.Status.SUCCEEDED : RunReport.Status.PARTIAL,
          started,
          ended,
          counts[0],
          plan.creates(),
          plan.updates(),
          plan.deletes(),
          plan.unchanged(),
          counts[1],
          List.copyOf(errors),
          null,
          plan.sample(),
          version,
          new RunReport.Phases(
              Duration.between(started, readAt).toMillis(),
              Duration.between(readAt, comparedAt).toMillis(),
              Duration.between(comparedAt, ended).toMillis()));
    } catch (RuntimeException e) {
      RunReport failed =
          new RunReport(
                  source.name(),
                  dryRun,
                  RunReport.Status.RUNNING,
                  started,
                  null,
                  counts[0],
                  0,
                  0,
                  0,
                  0,
                  counts[1],
                  List.copyOf(errors),
                  null,
                  List.of(),
                  0,
                  RunReport.Phases.NONE)
              .failed(describe(e), clock.instant());
      throw new RunFailedException(failed, e);
    }
  }

  /**
   * Fails the read when the directory sent more entries than the source allows, or still sends
   * after its time: checked at each entry, so a server that sends without end (or ignores paging
   * and sends everything at once) is cut as the limit is crossed, before the run holds more.
   */
  private static void requireWithinLimits(
      DirectorySource source, int seen, Instant deadline, Clock clock) {
    if (seen > source.maxEntries()) {
      throw new DirectoryFailedException(
          at(source)
              + "sent more than "
              + source.maxEntries()
              + " entries (max-entries); is the filter too wide?",
          null);
    }
    if (clock.instant().isAfter(deadline)) {
      throw new DirectoryFailedException(
          at(source)
              + "still sending entries after "
              + source.maxRunTime()
              + " (max-run-time), "
              + seen
              + " so far",
          null);
    }
  }

  /** How a failure message names the source: every read and run failure begins so. */
  public static String at(DirectorySource source) {
    return "directory source " + source.name() + " at " + source.url() + ": ";
  }

  private static String describe(RuntimeException e) {
    if (e instanceof DirectoryFailedException) {
      return e.getMessage();
    }
    // the book refused (a contact edited since it was read, ...): the next run starts over
    return "the book refused the run's changes: " + e.getMessage();
  }
}
