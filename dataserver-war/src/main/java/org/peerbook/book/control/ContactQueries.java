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
import java.util.Optional;
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
    Optional<Queries> queries = queries(search, null);
    if (queries.isEmpty()) {
      return new Page(List.of(), 0);
    }
    return new Page(
        contacts(queries.get().page(), offset, limit), queries.get().count().getSingleResult());
  }

  /**
   * The contacts of a search that sort after {@code after} (by display name, then id), without a
   * total: for walking a whole result. Unlike an offset, the position does not shift when an
   * earlier contact is deleted meanwhile, so no untouched contact is skipped.
   *
   * @param after the last contact of the previous page, {@code null} for the first page
   */
  public List<Contact> pageAfter(Search search, Contact after, int limit) {
    return queries(search, after).map(q -> contacts(q.page(), 0, limit)).orElse(List.of());
  }

  /** The names of the attributes any contact has, sorted. */
  public List<String> attributeNames() {
    List<?> names =
        em.createNativeQuery("SELECT DISTINCT attr_name FROM contact_attribute ORDER BY attr_name")
            .getResultList();
    return names.stream().map(String.class::cast).toList();
  }

  private record Queries(TypedQuery<Contact> page, TypedQuery<Long> count) {}

  /** The page and count queries of a search; empty when no contact can match. */
  private Optional<Queries> queries(Search search, Contact after) {
    // only the criteria given: PostgreSQL cannot type a null parameter in ":p is null"
    List<String> conditions = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    if (search.namePrefix() != null) {
      conditions.add(
          "(lower(c.displayName) like :name escape '\\' or lower(c.givenName) like :name"
              + " escape '\\' or lower(c.familyName) like :name escape '\\')");
      parameters.put("name", likePrefix(search.namePrefix()));
    }
    if (search.email() != null) {
      // JPQL cannot apply lower() to an element collection's values
      List<?> ids =
          em.createNativeQuery("SELECT contact_id FROM contact_email WHERE LOWER(email) = ?")
              .setParameter(1, lower(search.email()))
              .getResultList();
      if (ids.isEmpty()) {
        return Optional.empty();
      }
      conditions.add("c.id in :emailIds");
      parameters.put("emailIds", ids);
    }
    if (search.department() != null) {
      conditions.add("lower(c.department) = :department");
      parameters.put("department", lower(search.department()));
    }
    if (after != null) {
      // the leading range lets the database walk the (display_name, id) index from the cursor
      conditions.add(
          "c.displayName >= :afterName and (c.displayName > :afterName or c.id > :afterId)");
      parameters.put("afterName", after.displayName());
      parameters.put("afterId", after.id());
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
    return Optional.of(new Queries(page, count));
  }

  private static List<Contact> contacts(TypedQuery<Contact> page, int offset, int limit) {
    page.setHint("eclipselink.batch.type", "IN");
    page.setHint("eclipselink.batch", "c.emails");
    page.setHint("eclipselink.batch", "c.phones");
    page.setHint("eclipselink.batch", "c.attributes");
    return page.setFirstResult(offset).setMaxResults(limit).getResultList();
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  private static String likePrefix(String prefix) {
    String escaped = lower(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return escaped + "%";
  }
}
