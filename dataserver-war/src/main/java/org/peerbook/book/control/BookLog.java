package org.peerbook.book.control;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.peerbook.book.entity.BookHead;
import org.peerbook.book.entity.ChangeLogEntry;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.WireJson;

/**
 * Reads the change log for the sync protocol, and compacts it. {@code @LocalBean}: implementing the
 * protocol's interface must not hide the bean's own view.
 */
@Stateless
@LocalBean
public class BookLog implements SyncResponder.Log {
  @Inject Event<LogCompacted> compacted;

  @PersistenceContext(unitName = "book")
  EntityManager em;

  /** The head as the data server signed it, with the lowest version the log still holds. */
  public record HeadView(SignedHead head, long logFloor) {}

  public HeadView headView() {
    BookHead head = em.find(BookHead.class, BookHead.THE_ONLY_ROW);
    return new HeadView(signedHead(head), head.logFloor());
  }

  public static SignedHead signedHead(BookHead head) {
    return new SignedHead(
        head.version(),
        head.hash(),
        StateDigest.fromBase64(head.stateLanes()).digest(),
        head.signature());
  }

  @Override
  public SignedHead head() {
    return headView().head();
  }

  @Override
  public Optional<String> hashAt(long version) {
    HeadView view = headView();
    if (version == view.head().version()) {
      return Optional.of(view.head().hash());
    }
    if (version >= view.logFloor()) {
      ChangeLogEntry entry = em.find(ChangeLogEntry.class, version);
      return Optional.ofNullable(entry).map(ChangeLogEntry::hash);
    }
    if (version == view.logFloor() - 1) {
      // the oldest retained entry still names its predecessor's hash
      if (version == 0) {
        return Optional.of(Hashes.ZERO);
      }
      ChangeLogEntry oldest = em.find(ChangeLogEntry.class, view.logFloor());
      return Optional.ofNullable(oldest).map(ChangeLogEntry::previousHash);
    }
    return Optional.empty();
  }

  @Override
  public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return em
        .createQuery(
            "select e from ChangeLogEntry e where e.version > :after and e.version <= :upTo"
                + " order by e.version",
            ChangeLogEntry.class)
        .setParameter("after", after)
        .setParameter("upTo", upTo)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(BookLog::toWire)
        .toList();
  }

  /**
   * Drops log entries below {@code floor}; requesters older than {@code floor - 1} then get a
   * snapshot. The head's own entry always stays, so that a delta can always be checked.
   *
   * @return the number of entries removed
   */
  public long compact(long floor) {
    BookHead head = em.find(BookHead.class, BookHead.THE_ONLY_ROW, LockModeType.PESSIMISTIC_WRITE);
    if (floor < 1 || floor > head.version()) {
      throw new InvalidChangeException(
          "floor must be between 1 and the head version "
              + head.version()
              + " (the head's entry is always kept), was "
              + floor);
    }
    if (floor <= head.logFloor()) {
      return 0;
    }
    int removed =
        em.createQuery("delete from ChangeLogEntry e where e.version < :floor")
            .setParameter("floor", floor)
            .executeUpdate();
    head.raiseFloor(floor);
    compacted.fire(new LogCompacted(head.version(), floor));
    return removed;
  }

  private static ChangeEntry toWire(ChangeLogEntry entry) {
    ContactDto contact =
        entry.contactJson() == null
            ? null
            : ContactJson.read(WireJson.parse(entry.contactJson()), "contact", true);
    return new ChangeEntry(
        entry.version(),
        entry.contactId(),
        entry.operation(),
        contact,
        Instant.ofEpochMilli(entry.recordedAt()),
        entry.previousHash(),
        entry.hash());
  }

  @Override
  public long contactCount() {
    return em.createQuery("select count(c) from Contact c", Long.class).getSingleResult();
  }
}
