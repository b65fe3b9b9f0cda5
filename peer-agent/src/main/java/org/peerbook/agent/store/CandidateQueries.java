package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@link Candidates} into one SQL query of contact ids. Prefixes become ranges over the name
 * word, e-mail and phone indexes (a number's end over its reversed digits); containment becomes
 * {@code LIKE} over the contact's search columns, which spares parsing each contact's JSON; what
 * nothing narrows is the whole table.
 */
final class CandidateQueries {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> values = new ArrayList<>();
  private final boolean distinct;

  private CandidateQueries(boolean distinct) {
    this.distinct = distinct;
  }

  /**
   * The ids of the candidates, as SQL selecting a column {@code cid}, with its parameters; empty
   * when every contact is one.
   */
  static Optional<CandidateQueries> of(Candidates candidates) {
    return of(candidates, true);
  }

  /**
   * As {@link #of}, but an id may come more than once: nothing is sorted or compared, so the
   * database hands out the first ids as it reads them from an index (a limit stops it there).
   */
  static Optional<CandidateQueries> withDuplicates(Candidates candidates) {
    return of(candidates, false);
  }

  private static Optional<CandidateQueries> of(Candidates candidates, boolean distinct) {
    Candidates narrowed = simplify(candidates);
    if (narrowed instanceof Candidates.All) {
      return Optional.empty();
    }
    CandidateQueries query = new CandidateQueries(distinct);
    query.append(narrowed);
    return Optional.of(query);
  }

  String sql() {
    return sql.toString();
  }

  List<Object> values() {
    return values;
  }

  /** Drops what does not narrow: an All in an AllOf, and an AnyOf with an All in it. */
  private static Candidates simplify(Candidates candidates) {
    if (candidates instanceof Candidates.AllOf all) {
      List<Candidates> narrowing = new ArrayList<>();
      for (Candidates condition : all.conditions()) {
        Candidates simple = simplify(condition);
        if (!(simple instanceof Candidates.All)) {
          narrowing.add(simple);
        }
      }
      return narrowing.isEmpty()
          ? Candidates.ALL
          : narrowing.size() == 1 ? narrowing.get(0) : new Candidates.AllOf(narrowing);
    }
    if (candidates instanceof Candidates.AnyOf any) {
      List<Candidates> options = new ArrayList<>();
      for (Candidates option : any.options()) {
        Candidates simple = simplify(option);
        if (simple instanceof Candidates.All) {
          return Candidates.ALL;
        }
        options.add(simple);
      }
      return options.size() == 1 ? options.get(0) : new Candidates.AnyOf(options);
    }
    return leafOrAll(candidates);
  }

  /** A leaf whose text has nothing to search by narrows nothing. */
  private static Candidates leafOrAll(Candidates leaf) {
    boolean empty = false;
    if (leaf instanceof Candidates.NameWordPrefix p) {
      empty = ContactRows.firstWord(p.prefix()).isEmpty();
    } else if (leaf instanceof Candidates.NameContains c) {
      empty = words(c.parts()).isEmpty();
    } else if (leaf instanceof Candidates.EmailEquals e) {
      empty = e.email().isBlank();
    } else if (leaf instanceof Candidates.EmailPrefix e) {
      empty = e.prefix().isBlank();
    } else if (leaf instanceof Candidates.DepartmentPrefix d) {
      empty = ContactRows.firstWord(d.prefix()).isEmpty();
    } else if (leaf instanceof Candidates.PhoneDigits p) {
      empty = ContactRows.digits(p.digits()).isEmpty();
    }
    return empty ? Candidates.ALL : leaf;
  }

  private void append(Candidates candidates) {
    if (candidates instanceof Candidates.AllOf all) {
      combine(all.conditions(), " INTERSECT ");
    } else if (candidates instanceof Candidates.AnyOf any) {
      combine(any.options(), distinct ? " UNION " : " UNION ALL ");
    } else if (candidates instanceof Candidates.NameWordPrefix p) {
      namePrefix(ContactRows.words(p.prefix()));
    } else if (candidates instanceof Candidates.NameContains c) {
      sql.append("SELECT id AS cid FROM contact WHERE ");
      List<String> words = words(c.parts());
      for (int i = 0; i < words.size(); i++) {
        sql.append(i == 0 ? "" : " AND ").append("name_lc LIKE ? ESCAPE '\\'");
        values.add("%" + escape(words.get(i)) + "%");
      }
    } else if (candidates instanceof Candidates.EmailEquals e) {
      sql.append(
          "SELECT contact_id AS cid FROM contact_email USE INDEX (contact_email_address)"
              + " WHERE email = ?");
      values.add(ContactRows.lower(e.email().strip()));
    } else if (candidates instanceof Candidates.EmailPrefix e) {
      range(
          "contact_id AS cid FROM contact_email USE INDEX (contact_email_address)",
          "email",
          ContactRows.lower(e.prefix().strip()));
    } else if (candidates instanceof Candidates.DepartmentPrefix d) {
      range(
          "id AS cid FROM contact USE INDEX (contact_department_name)",
          "department_lc",
          ContactRows.firstWord(d.prefix()).orElseThrow());
    } else if (candidates instanceof Candidates.PhoneDigits p) {
      phone(ContactRows.digits(p.digits()), p.atStart(), p.atEnd());
    } else {
      sql.append("SELECT id AS cid FROM contact");
    }
  }

  /**
   * A name that starts with these words holds a word starting with the last and every other word
   * whole: "wang w" narrows to the Wangs with a word starting with w, not to every Wang. The last
   * word's range drives (what is typed last narrows most as the user types); each whole word is a
   * lookup of the row (word, name, contact) in the word index, never a read of every contact with
   * that word.
   */
  private void namePrefix(List<String> words) {
    String last = words.get(words.size() - 1);
    sql.append(selectDistinct())
        .append(
            "t.contact_id AS cid FROM name_token t USE INDEX (name_token_token)"
                + " WHERE t.token >= ? AND t.token < ?");
    values.add(last);
    values.add(last + Character.MAX_VALUE);
    for (String whole : words.subList(0, words.size() - 1)) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM name_token u USE INDEX (name_token_token)"
              + " WHERE u.token = ? AND u.name_lc = t.name_lc AND u.contact_id = t.contact_id)");
      values.add(whole);
    }
  }

  /**
   * A whole number is a key of the phone index, a start a range over it, an end a range over the
   * reversed digits ({@link PhoneRows}); only digits inside a number are a scan of the contacts'
   * numbers.
   */
  private void phone(String digits, boolean atStart, boolean atEnd) {
    String byDigits = "contact_id AS cid FROM contact_phone USE INDEX (contact_phone_digits)";
    if (atStart && atEnd) {
      sql.append("SELECT ").append(byDigits).append(" WHERE digits = ?");
      values.add(digits);
    } else if (atStart) {
      range(byDigits, "digits", digits);
    } else if (atEnd) {
      range(
          "contact_id AS cid FROM contact_phone USE INDEX (contact_phone_reversed)",
          "reversed",
          PhoneRows.reversed(digits));
    } else {
      sql.append("SELECT id AS cid FROM contact WHERE phones LIKE ? ESCAPE '\\'");
      values.add("%" + escape(digits) + "%");
    }
  }

  private void combine(List<Candidates> parts, String operator) {
    for (int i = 0; i < parts.size(); i++) {
      sql.append(i == 0 ? "(" : operator + "(");
      append(parts.get(i));
      sql.append(")");
    }
  }

  /**
   * Selects {@code what} where {@code column} starts with {@code prefix}: an index range. {@code
   * what} names the index, as every query here does: H2 pushes the condition on the contact id that
   * a paged search continues after into the range, and may pick an index on the contact id for it
   * and read the whole table (67 ms instead of 0.7 for a word range over 100,000 contacts).
   */
  private void range(String what, String column, String prefix) {
    // DISTINCT: a contact may have several words or addresses in the range
    sql.append(selectDistinct()).append(what).append(" WHERE ").append(column).append(" >= ? AND ");
    sql.append(column).append(" < ?");
    values.add(prefix);
    values.add(prefix + Character.MAX_VALUE);
  }

  private String selectDistinct() {
    return distinct ? "SELECT DISTINCT " : "SELECT ";
  }

  private static List<String> words(List<String> parts) {
    List<String> words = new ArrayList<>();
    for (String part : parts) {
      for (String word : ContactRows.lower(part).split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    return words;
  }

  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
