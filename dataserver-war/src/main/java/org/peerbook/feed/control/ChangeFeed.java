package org.peerbook.feed.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.peerbook.book.control.FutureVersionException;
import org.peerbook.book.entity.BookHead;
import org.peerbook.book.entity.ChangeLogEntry;

/**
 * Reads the change log for systems that follow the book (not for peers: those use the signed sync
 * protocol). A page never skips a change silently: a position the compacted log no longer covers is
 * refused with {@link CompactedChangesException}.
 */
@Stateless
public class ChangeFeed {
  @PersistenceContext(unitName = "book")
  EntityManager em;

  /**
   * Up to {@code limit} changes after {@code since}, oldest first.
   *
   * @param head the book's version when the page was read
   * @param logFloor the lowest version the log still holds
   */
  public record Page(List<ChangeLogEntry> changes, long since, long head, long logFloor) {
    /** The position to ask from next: the last change of the page, or {@code since} if none. */
    public long last() {
      return changes.isEmpty() ? since : changes.get(changes.size() - 1).version();
    }
  }

  public Page after(long since, int limit) {
    BookHead head = em.find(BookHead.class, BookHead.THE_ONLY_ROW);
    if (since > head.version()) {
      throw new FutureVersionException(since, head.version());
    }
    // the first change after `since` is since + 1: the log must still hold it
    if (since < head.logFloor() - 1) {
      throw new CompactedChangesException(since, head.logFloor());
    }
    List<ChangeLogEntry> changes =
        em.createQuery(
                "select e from ChangeLogEntry e where e.version > :since and e.version <= :head"
                    + " order by e.version",
                ChangeLogEntry.class)
            .setParameter("since", since)
            .setParameter("head", head.version())
            .setMaxResults(limit)
            .getResultList();
    return new Page(changes, since, head.version(), head.logFloor());
  }
}
