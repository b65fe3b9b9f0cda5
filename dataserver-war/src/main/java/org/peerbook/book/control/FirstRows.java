package org.peerbook.book.control;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.KeyPair;
import java.time.Clock;
import java.util.logging.Logger;
import org.peerbook.book.entity.StoredKeyPair;

/**
 * Stores a row that only the first start makes, such as a key pair, in a transaction of its own:
 * when cluster members start together, one wins and the others' insert fails on the primary key;
 * they catch that and read the winner's row.
 */
@Stateless
public class FirstRows {
  private static final Logger LOG = Logger.getLogger(FirstRows.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  /**
   * @throws jakarta.ejb.EJBException if the row could not be stored, e.g. because another member
   *     stored it first
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(Object row) {
    em.persist(row);
    em.flush();
  }

  /**
   * The key pair kept in {@code type}'s one row, made and stored first if there is none.
   *
   * @param em the caller's entity manager, which reads the row
   * @param newRow the row of a new key pair (its private and public form, its creation time)
   * @param what names the key in logs and errors, e.g. "the token key"
   */
  public static <T extends StoredKeyPair> KeyPair keyPair(
      EntityManager em, FirstRows firstRows, Class<T> type, RowOf<T> newRow, String what) {
    T stored = em.find(type, StoredKeyPair.THE_ONLY_ROW);
    if (stored == null) {
      KeyPair fresh = Ed25519KeyPairs.generate();
      try {
        firstRows.insert(
            newRow.of(
                Ed25519KeyPairs.privateText(fresh),
                Ed25519KeyPairs.publicText(fresh),
                Clock.systemUTC().millis()));
        LOG.info(() -> "created " + what);
      } catch (EJBException e) {
        LOG.info(() -> "another cluster member created " + what + " first: using it");
      }
      stored = em.find(type, StoredKeyPair.THE_ONLY_ROW);
    }
    return Ed25519KeyPairs.decode(stored.privateKey(), stored.publicKey(), what);
  }

  /** A new key pair's row. */
  @FunctionalInterface
  public interface RowOf<T> {
    T of(String privateKey, String publicKey, long createdAt);
  }
}
