package org.peerbook.directory.boundary;

import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.ChangeRecorder;
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.entity.Contact;
import org.peerbook.directory.control.DirectoryRun;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.StoredContact;

/** The book as a directory run sees it: the source's contacts, and the one way to change them. */
// a no-interface view too: the interface is for runs without a container, not a remote view
@Stateless
@LocalBean
public class DirectoryBook implements DirectoryRun.SourceBook {
  private static final int CHUNK = 500;

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB ChangeRecorder recorder;

  @Override
  public Map<String, StoredContact> contactsOf(String source) {
    List<?> ids =
        em.createNativeQuery(
                "SELECT contact_id FROM contact_attribute WHERE attr_name = ? AND attr_value = ?")
            .setParameter(1, DirectorySource.SOURCE_ATTRIBUTE)
            .setParameter(2, source)
            .getResultList();
    Map<String, StoredContact> contacts = new HashMap<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      em.createQuery("select c from Contact c where c.id in :ids", Contact.class)
          .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
          .setHint("eclipselink.batch.type", "IN")
          .setHint("eclipselink.batch", "c.emails")
          .setHint("eclipselink.batch", "c.phones")
          .setHint("eclipselink.batch", "c.attributes")
          .getResultList()
          .forEach(
              c ->
                  contacts.put(c.id(), StoredContact.of(ContactMapping.toDto(c), c.lastVersion())));
      // only fingerprints stay: a large source must not fill the heap with entities
      em.clear();
    }
    return contacts;
  }

  @Override
  public long record(List<Change> changes) {
    return recorder.record(changes).head().version();
  }
}
