package org.peerbook.directory.boundary;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peerbook.book.control.Change;
import org.peerbook.book.control.GroupCommit;
import org.peerbook.directory.control.DirectoryRun;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.StoredContact;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** The book as a directory run sees it: the source's contacts, and the one way to change them. */
// a no-interface view too: the interface is for runs without a container, not a remote view
@Stateless
@LocalBean
public class DirectoryBook implements DirectoryRun.SourceBook {
  // the contacts whose source attribute names the source
  private static final String OF_SOURCE =
      " JOIN contact_attribute s ON s.contact_id = %s AND s.attr_name = ? AND s.attr_value = ?";

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @Inject GroupCommit recorder;

  /**
   * Four queries, one per table, rather than entities: a source of 100,000 contacts is read in
   * seconds, not minutes. The contact built here must equal ContactMapping.toDto of the entity (a
   * difference would show as every contact changed on every run, which the tests would see).
   */
  @Override
  public Map<String, StoredContact> contactsOf(String source) {
    Map<String, List<String>> emails = new HashMap<>();
    for (Object[] row :
        rows(
            "SELECT e.contact_id, e.email FROM contact_email e"
                + OF_SOURCE.formatted("e.contact_id")
                + " ORDER BY e.contact_id, e.email_position",
            source)) {
      emails.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add((String) row[1]);
    }
    Map<String, List<PhoneDto>> phones = new HashMap<>();
    for (Object[] row :
        rows(
            "SELECT p.contact_id, p.phone_type, p.phone_number FROM contact_phone p"
                + OF_SOURCE.formatted("p.contact_id")
                + " ORDER BY p.contact_id, p.phone_position",
            source)) {
      phones
          .computeIfAbsent((String) row[0], id -> new ArrayList<>())
          .add(new PhoneDto((String) row[1], (String) row[2]));
    }
    Map<String, Map<String, String>> attributes = new HashMap<>();
    for (Object[] row :
        rows(
            "SELECT a.contact_id, a.attr_name, a.attr_value FROM contact_attribute a"
                + OF_SOURCE.formatted("a.contact_id"),
            source)) {
      attributes
          .computeIfAbsent((String) row[0], id -> new HashMap<>())
          .put((String) row[1], (String) row[2]);
    }
    Map<String, StoredContact> contacts = new HashMap<>();
    for (Object[] row :
        rows(
            "SELECT c.id, c.display_name, c.given_name, c.family_name, c.organisation,"
                + " c.department, c.job_title, c.manager, c.office_location, c.last_version"
                + " FROM contact c"
                + OF_SOURCE.formatted("c.id"),
            source)) {
      String id = (String) row[0];
      ContactDto contact =
          new ContactDto(
              id,
              (String) row[1],
              (String) row[2],
              (String) row[3],
              emails.getOrDefault(id, List.of()),
              phones.getOrDefault(id, List.of()),
              (String) row[4],
              (String) row[5],
              (String) row[6],
              (String) row[7],
              (String) row[8],
              attributes.getOrDefault(id, Map.of()));
      contacts.put(id, StoredContact.of(contact, ((Number) row[9]).longValue()));
    }
    return contacts;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> rows(String sql, String source) {
    return em.createNativeQuery(sql)
        .setParameter(1, DirectorySource.SOURCE_ATTRIBUTE)
        .setParameter(2, source)
        .getResultList();
  }

  @Override
  public long record(List<Change> changes) {
    return recorder.record(changes).head().version();
  }
}
