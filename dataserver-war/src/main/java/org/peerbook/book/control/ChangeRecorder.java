package org.peerbook.book.control;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
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
 * writers, on this server or another member of a cluster, queue and versions stay gap-free and
 * unique on any database), applies each change to its contact, appends one hash-chained log entry
 * per change, updates the state digest and signs the new head once. A request is all or nothing;
 * {@link #recordEach} records several requests in one transaction, each on its own terms.
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

  /**
   * Records {@code changes} in the caller's transaction (or a new one), all or nothing.
   *
   * @throws BookException if any change is refused: nothing is written
   */
  public Recorded record(List<Change> changes) {
    Outcome outcome = recordInOrder(List.of(changes)).get(0);
    if (outcome.refused() != null) {
      throw outcome.refused();
    }
    return outcome.recorded();
  }

  /**
   * What became of one request of a batch: recorded, or refused (and nothing of it written).
   *
   * @param recorded {@code null} if refused
   * @param refused {@code null} if recorded
   */
  public record Outcome(Recorded recorded, BookException refused) {}

  /**
   * Records several requests in one transaction of its own and one head signature (a {@link
   * GroupCommit group commit}): each request all or nothing, in order, each checked against the
   * book as the requests before it left it. A refused request is answered as refused and the others
   * are recorded; anything else that goes wrong rolls back all of them.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Outcome> recordEach(List<List<Change>> requests) {
    return recordInOrder(requests);
  }

  private List<Outcome> recordInOrder(List<List<Change>> requests) {
    BookHead head = em.find(BookHead.class, BookHead.THE_ONLY_ROW, LockModeType.PESSIMISTIC_WRITE);
    StateDigest state = StateDigest.fromBase64(head.stateLanes());
    long version = head.version();
    String hash = head.hash();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Map<String, Contact> existing =
        existing(
            requests.stream().flatMap(List::stream).map(Change::contactId).distinct().toList());
    List<List<Written>> written = new ArrayList<>(requests.size());
    List<BookException> refused = new ArrayList<>(requests.size());
    for (List<Change> changes : requests) {
      try {
        requireDistinctIds(changes);
        changes.forEach(change -> check(change, existing.get(change.contactId())));
      } catch (BookException e) {
        written.add(null);
        refused.add(e);
        continue;
      }
      List<Written> writes = new ArrayList<>(changes.size());
      for (Change change : changes) {
        version++;
        ChangeEntry entry =
            HashChain.seal(
                version, change.contactId(), change.operation(), change.contact(), now, hash);
        em.persist(toLogEntry(entry));
        hash = entry.hash();
        apply(change, version, existing, state);
        writes.add(new Written(change.contactId(), version, change.contact()));
      }
      written.add(writes);
      refused.add(null);
    }
    SignedHead signed;
    if (version > head.version()) {
      signed = HeadSignatures.sign(keys.privateKey(), version, hash, state.digest());
      head.advance(version, hash, state.toBase64(), signed.signature());
      headAdvanced.fire(new HeadAdvanced(version));
    } else {
      signed = BookLog.signedHead(head);
    }
    List<Outcome> outcomes = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      outcomes.add(
          refused.get(i) != null
              ? new Outcome(null, refused.get(i))
              : new Outcome(new Recorded(written.get(i), signed), null));
    }
    return outcomes;
  }

  /** One checked change to its contact, the state digest and what later changes will see. */
  private void apply(
      Change change, long version, Map<String, Contact> existing, StateDigest state) {
    Contact current = existing.get(change.contactId());
    if (current != null) {
      state.remove(ContactMapping.toDto(current));
    }
    if (change.operation() == Operation.DELETE) {
      em.remove(current);
      existing.remove(change.contactId());
      return;
    }
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
    existing.put(change.contactId(), current);
    state.add(change.contact());
  }

  /** The contacts the changes touch, read in a few queries rather than one per change. */
  private Map<String, Contact> existing(List<String> ids) {
    Map<String, Contact> found = new HashMap<>();
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
