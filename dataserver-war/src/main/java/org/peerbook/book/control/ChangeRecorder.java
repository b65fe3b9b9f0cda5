package org.peerbook.book.control;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peerbook.book.entity.BookHead;
import org.peerbook.book.entity.ChangeLogEntry;
import org.peerbook.book.entity.Contact;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.HashChain;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The one way the book changes. A call is one transaction: it locks the head row (so concurrent
 * writers queue and versions stay gap-free and unique on any database), applies each change to its
 * contact, appends one hash-chained log entry per change, updates the state digest and signs the
 * new head once. Any refused change rolls the whole call back.
 */
@Stateless
public class ChangeRecorder {
  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB SigningKeys keys;

  @Inject Event<HeadAdvanced> headAdvanced;

  private final Clock clock = Clock.systemUTC();

  /** What a change wrote: the contact's new ETag version, and the contact ({@code null}: gone). */
  public record Written(String contactId, long version, ContactDto contact) {}

  public record Recorded(List<Written> written, SignedHead head) {}

  public Recorded record(List<Change> changes) {
    requireDistinctIds(changes);
    BookHead head = em.find(BookHead.class, BookHead.THE_ONLY_ROW, LockModeType.PESSIMISTIC_WRITE);
    StateDigest state = StateDigest.fromBase64(head.stateLanes());
    long version = head.version();
    String hash = head.hash();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<Written> written = new ArrayList<>(changes.size());
    Map<String, Contact> existing = existing(changes);
    for (Change change : changes) {
      Contact current = existing.get(change.contactId());
      check(change, current);
      version++;
      ChangeEntry entry =
          HashChain.seal(
              version, change.contactId(), change.operation(), change.contact(), now, hash);
      em.persist(toLogEntry(entry));
      hash = entry.hash();
      if (current != null) {
        state.remove(ContactMapping.toDto(current));
      }
      if (change.operation() == Operation.DELETE) {
        em.remove(current);
      } else {
        if (current == null) {
          current = new Contact(change.contactId());
          em.persist(current);
        } else if (ContactMapping.changesLists(change.contact(), current)) {
          // EclipseLink edits list rows in place: a reordering moved them one UPDATE at a time
          // through positions others still held (a primary-key violation), and a list with equal
          // items lost one. The contact's rows are replaced instead: all deleted, then inserted.
          em.remove(current);
          em.flush();
          current = new Contact(change.contactId());
          em.persist(current);
        }
        ContactMapping.write(change.contact(), current, version);
        state.add(change.contact());
      }
      written.add(new Written(change.contactId(), version, change.contact()));
    }
    SignedHead signed = HeadSignatures.sign(keys.privateKey(), version, hash, state.digest());
    head.advance(version, hash, state.toBase64(), signed.signature());
    headAdvanced.fire(new HeadAdvanced(version));
    return new Recorded(written, signed);
  }

  /** The contacts the changes touch, read in a few queries rather than one per change. */
  private Map<String, Contact> existing(List<Change> changes) {
    Map<String, Contact> found = new HashMap<>();
    List<String> ids = changes.stream().map(Change::contactId).toList();
    for (int from = 0; from < ids.size(); from += 500) {
      em.createQuery("select c from Contact c where c.id in :ids", Contact.class)
          .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
          .setHint("eclipselink.batch.type", "IN")
          .setHint("eclipselink.batch", "c.emails")
          .setHint("eclipselink.batch", "c.phones")
          .setHint("eclipselink.batch", "c.attributes")
          .getResultList()
          .forEach(contact -> found.put(contact.id(), contact));
    }
    return found;
  }

  private static void requireDistinctIds(List<Change> changes) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < changes.size(); i++) {
      if (!ids.add(changes.get(i).contactId())) {
        throw new InvalidChangeException(
            "contact id " + changes.get(i).contactId() + " appears twice (at index " + i + ")");
      }
    }
  }

  private static void check(Change change, Contact current) {
    long currentVersion = current == null ? -1 : current.lastVersion();
    switch (change.condition()) {
      case MUST_NOT_EXIST -> {
        if (current != null) {
          throw new ContactExistsException(change.contactId());
        }
      }
      case MUST_EXIST -> {
        if (current == null) {
          throw new UnknownContactException(change.contactId());
        }
      }
      case MATCHES -> {
        if (!Etags.matches(change.expectedEtag(), currentVersion)) {
          throw new StaleContactException(
              change.contactId(), change.expectedEtag(), currentVersion);
        }
      }
      case NONE -> {
        if (current == null && change.operation() == Operation.DELETE) {
          throw new UnknownContactException(change.contactId());
        }
      }
    }
  }

  private static ChangeLogEntry toLogEntry(ChangeEntry entry) {
    return new ChangeLogEntry(
        entry.version(),
        entry.contactId(),
        entry.operation(),
        entry.contact() == null ? null : ContactJson.toJson(entry.contact()).toString(),
        entry.time().toEpochMilli(),
        entry.previousHash(),
        entry.hash());
  }
}
