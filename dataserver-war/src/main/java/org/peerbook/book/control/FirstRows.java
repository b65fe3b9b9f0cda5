package org.peerbook.book.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Stores a row that only the first start makes, such as a key pair, in a transaction of its own:
 * when cluster members start together, one wins and the others' insert fails on the primary key;
 * they catch that and read the winner's row.
 */
@Stateless
public class FirstRows {
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
}
