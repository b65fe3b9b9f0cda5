package org.peerbook.directory.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.Etags;
import org.peerbook.directory.entity.RunReport.PlannedChange;
import org.peerbook.directory.entity.StoredContact;
import org.peerbook.protocol.ContactDto;

/**
 * Compares what a directory holds with what the book holds of that source, and lists only the real
 * differences. Deletions come from comparing the sets of ids, never from timestamps: a contact of
 * the source whose entry was not read this time (deleted, moved out of the base, out of the filter)
 * is deleted, unless its entry was read but could not be mapped.
 */
public final class Reconciliation {
  private Reconciliation() {}

  /**
   * @param changes in order: creates and updates in the directory's order, then deletes
   */
  public record Plan(
      List<Change> changes,
      int creates,
      int updates,
      int deletes,
      int unchanged,
      List<PlannedChange> sample) {}

  /**
   * @param read the contacts the directory's entries map to
   * @param kept contacts whose entries were read but could not be mapped: left as they are
   * @param book the source's contacts in the book, by id
   * @param sampleSize how many changes to describe
   */
  public static Plan plan(
      Collection<ContactDto> read,
      Set<String> kept,
      Map<String, StoredContact> book,
      int sampleSize) {
    List<Change> changes = new ArrayList<>();
    List<PlannedChange> sample = new ArrayList<>();
    int creates = 0;
    int updates = 0;
    int unchanged = 0;
    for (ContactDto contact : read) {
      StoredContact stored = book.get(contact.id());
      String operation;
      if (stored == null) {
        // no condition: the id is the source's own, whatever holds it now gives way
        changes.add(Change.upsert(contact, null));
        creates++;
        operation = "create";
      } else if (!stored.fingerprint().equals(StoredContact.fingerprint(contact))) {
        // only over the contact compared against: an edit since then fails the run, not the edit
        changes.add(Change.upsert(contact, Etags.of(stored.version())));
        updates++;
        operation = "update";
      } else {
        unchanged++;
        continue;
      }
      if (sample.size() < sampleSize) {
        sample.add(new PlannedChange(operation, contact.id(), contact.displayName()));
      }
    }
    Set<String> seen = new java.util.HashSet<>(kept);
    read.forEach(c -> seen.add(c.id()));
    int deletes = 0;
    for (StoredContact stored : book.values()) {
      if (!seen.contains(stored.id())) {
        changes.add(Change.delete(stored.id(), Etags.of(stored.version())));
        deletes++;
        if (sample.size() < sampleSize) {
          sample.add(new PlannedChange("delete", stored.id(), stored.displayName()));
        }
      }
    }
    return new Plan(changes, creates, updates, deletes, unchanged, sample);
  }
}
