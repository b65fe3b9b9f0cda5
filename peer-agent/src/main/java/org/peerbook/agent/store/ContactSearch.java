package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.List;
import org.peerbook.protocol.ContactDto;

/**
 * The lookups by name prefix, e-mail address, phone number and department, alone or together, in
 * name order: one statement over the copy's indexes, or, for a name prefix alone, {@link
 * NamePrefixSearch}.
 */
final class ContactSearch {
  private final StoreReads reads;
  private final NamePrefixSearch namePrefixes;

  ContactSearch(StoreReads reads) {
    this.reads = reads;
    this.namePrefixes = new NamePrefixSearch(reads);
  }

  /**
   * Finds contacts by any combination of the criteria. Name prefixes, e-mail addresses and phone
   * numbers go through indexes (a range over name words, an exact address, a number's start or end:
   * {@link Candidates#phoneNumber}), so that a lookup stays instant at 100,000 contacts.
   */
  List<ContactDto> search(LocalStore.Search search, int limit) {
    return searchJson(search, limit).stream().map(StoredJson::contact).toList();
  }

  /**
   * As {@link #search}, each contact's JSON as the copy keeps it ({@link StoredJson}): what the
   * lookup API answers, without parsing each contact and writing it out again.
   */
  List<byte[]> searchJson(LocalStore.Search search, int limit) {
    if (search.namePrefix() != null
        && search.email() == null
        && search.phone() == null
        && search.department() == null) {
      return namePrefixes.first(ContactRows.lower(search.namePrefix().strip()), limit);
    }
    // DISTINCT only where a contact can match twice (several of its words in the range): over
    // the JSON of 2,000 contacts of a department it took twice as long (p99 53 ms instead of 7)
    // a DISTINCT answer holds what it is ordered by
    StringBuilder sql =
        new StringBuilder(
            search.namePrefix() == null
                ? "SELECT c.id, c.json FROM contact c"
                : search.department() == null
                    ? "SELECT DISTINCT c.id, c.json, c.name_lc FROM contact c"
                    : "SELECT DISTINCT c.id, c.json, c.name_lc, c.department_lc FROM contact c");
    // the joins' values come first, as their text does
    List<Object> values = new ArrayList<>();
    List<Object> conditionValues = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    if (search.phone() != null) {
      // each contact once: the number's start and end are a union of distinct ids
      CandidateQueries numbers =
          CandidateQueries.of(Candidates.phoneNumber(search.phone())).orElseThrow();
      sql.append(" JOIN (").append(numbers.sql()).append(") p ON p.cid = c.id");
      values.addAll(numbers.values());
    }
    if (search.namePrefix() != null) {
      String prefix = ContactRows.lower(search.namePrefix().strip());
      sql.append(" JOIN name_token t ON t.contact_id = c.id");
      conditions.add("t.token >= ? AND t.token < ?");
      conditionValues.add(prefix);
      conditionValues.add(prefix + Character.MAX_VALUE);
    }
    if (search.email() != null) {
      // one row at most per contact: a contact's addresses are a set (ContactRows)
      sql.append(" JOIN contact_email e ON e.contact_id = c.id");
      conditions.add("e.email = ?");
      conditionValues.add(ContactRows.lower(search.email().strip()));
    }
    if (search.department() != null) {
      conditions.add("c.department_lc = ?");
      conditionValues.add(ContactRows.lower(search.department()));
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    values.addAll(conditionValues);
    // within one department, its name order: the same order, which H2 reads off the index
    // (department_lc, name_lc, id) and stops after the limit
    sql.append(
        search.department() != null
            ? " ORDER BY c.department_lc, c.name_lc, c.id LIMIT ?"
            : " ORDER BY c.name_lc, c.id LIMIT ?");
    values.add(limit);
    return reads.lookUp(sql.toString(), values, rs -> rs.getBytes(2));
  }
}
