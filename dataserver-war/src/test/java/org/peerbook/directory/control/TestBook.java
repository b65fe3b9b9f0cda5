package org.peerbook.directory.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.Etags;
import org.peerbook.book.control.StaleContactException;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.StoredContact;
import org.peerbook.protocol.ContactDto;

/**
 * The book without its container: contacts by id, each with the version that wrote it, changed all
 * or nothing with the ChangeRecorder's conditions. Every recorded change is kept, as the log would.
 */
final class TestBook implements DirectoryRun.SourceBook {
  final Map<String, ContactDto> contacts = new HashMap<>();
  final Map<String, Long> versions = new HashMap<>();
  final List<Change> log = new ArrayList<>();
  int recordCalls;

  @Override
  public Map<String, StoredContact> contactsOf(String source) {
    Map<String, StoredContact> of = new HashMap<>();
    contacts.forEach(
        (id, contact) -> {
          if (source.equals(contact.attributes().get(DirectorySource.SOURCE_ATTRIBUTE))) {
            of.put(id, StoredContact.of(contact, versions.get(id)));
          }
        });
    return of;
  }

  @Override
  public long record(List<Change> changes) {
    recordCalls++;
    for (Change change : changes) {
      if (change.condition() == Change.Condition.MATCHES
          && !Etags.matches(
              change.expectedEtag(), versions.getOrDefault(change.contactId(), -1L))) {
        throw new StaleContactException(change.contactId(), change.expectedEtag(), -1);
      }
    }
    for (Change change : changes) {
      log.add(change);
      if (change.contact() == null) {
        contacts.remove(change.contactId());
        versions.remove(change.contactId());
      } else {
        contacts.put(change.contactId(), change.contact());
        versions.put(change.contactId(), (long) log.size());
      }
    }
    return log.size();
  }

  ContactDto byName(String displayName) {
    return contacts.values().stream()
        .filter(c -> c.displayName().equals(displayName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no contact named " + displayName + ": " + contacts));
  }
}
