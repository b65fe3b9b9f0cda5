package org.peerbook.book.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peerbook.book.entity.Contact;

/** Finds contacts: one by id, or a page of those matching a search. */
@Stateless
public class ContactQueries {
  @PersistenceContext(unitName = "book")
  EntityManager em;

  /** What to look for; {@code null} fields do not filter. */
  public record Search(String namePrefix, String email, String department) {}

  public record Page(List<Contact> contacts, long total) {}

  public Contact find(String id) {
    Contact contact = em.find(Contact.class, id);
    if (contact == null) {
      throw new UnknownContactException(id);
    }
    return contact;
  }

  public Page search(Search search, int offset, int limit) {
    // only the criteria given: PostgreSQL cannot type a null parameter in ":p is null"
    List<String> conditions = new ArrayList<>();
    Map<String, String> parameters = new HashMap<>();
    if (search.namePrefix() != null) {
      conditions.add(
          "(lower(c.displayName) like :name escape '\\' or lower(c.givenName) like :name"
              + " escape '\\' or lower(c.familyName) like :name escape '\\')");
      parameters.put("name", likePrefix(search.namePrefix()));
    }
    Map<String, Object> idParameters = new HashMap<>();
    if (search.email() != null) {
      // JPQL cannot apply lower() to an element collection's values
      List<?> ids =
          em.createNativeQuery("SELECT contact_id FROM contact_email WHERE LOWER(email) = ?")
              .setParameter(1, lower(search.email()))
              .getResultList();
      if (ids.isEmpty()) {
        return new Page(List.of(), 0);
      }
      conditions.add("c.id in :emailIds");
      idParameters.put("emailIds", ids);
    }
    if (search.department() != null) {
      conditions.add("lower(c.department) = :department");
      parameters.put("department", lower(search.department()));
    }
    String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    TypedQuery<Contact> page =
        em.createQuery(
            "select c from Contact c" + where + " order by c.displayName, c.id", Contact.class);
    TypedQuery<Long> count = em.createQuery("select count(c) from Contact c" + where, Long.class);
    parameters.forEach(
        (name, value) -> {
          page.setParameter(name, value);
          count.setParameter(name, value);
        });
    idParameters.forEach(
        (name, value) -> {
          page.setParameter(name, value);
          count.setParameter(name, value);
        });
    page.setHint("eclipselink.batch.type", "IN");
    page.setHint("eclipselink.batch", "c.emails");
    page.setHint("eclipselink.batch", "c.phones");
    page.setHint("eclipselink.batch", "c.attributes");
    List<Contact> contacts = page.setFirstResult(offset).setMaxResults(limit).getResultList();
    return new Page(contacts, count.getSingleResult());
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  private static String likePrefix(String prefix) {
    String escaped = lower(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return escaped + "%";
  }
}
