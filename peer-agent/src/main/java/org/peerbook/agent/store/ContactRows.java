package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.PhoneDto;

/**
 * A contact as the store keeps it: its JSON, and the lower-cased name words, e-mail addresses,
 * department and phone digits that searches go through.
 *
 * @param phones every number's digits between bars ({@code |+4122555|0100|}), for searches that
 *     look inside numbers; {@link #phoneDigits} are the phone index's rows made of it
 */
record ContactRows(
    String id,
    String json,
    String name,
    String department,
    String phones,
    Set<String> emails,
    Set<String> nameTokens) {
  private static final int MAX_TOKEN = 256;
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s,.;()\\-]+");

  static ContactRows of(ContactDto contact) {
    StringBuilder phones = new StringBuilder("|");
    for (PhoneDto phone : contact.phones()) {
      phones.append(digits(phone.number())).append('|');
    }
    return new ContactRows(
        contact.id(),
        ContactJson.toJson(contact).toString(),
        name(contact),
        contact.department() == null ? null : lower(contact.department()),
        phones.toString(),
        emails(contact),
        nameTokens(contact));
  }

  /** The contact's display, given and family names, lower-cased: what names are sorted by. */
  static String name(ContactDto contact) {
    return lower(
        String.join(
            " ",
            nonNull(contact.displayName()),
            nonNull(contact.givenName()),
            nonNull(contact.familyName())));
  }

  /** The contact's addresses, lower-cased, each once. */
  static Set<String> emails(ContactDto contact) {
    return new LinkedHashSet<>(contact.emails().stream().map(ContactRows::lower).toList());
  }

  /**
   * Every whole name part and every word of every part, lower-cased: what a name prefix is looked
   * for in, so that "cel" finds "Carl Cello" through an index.
   */
  static Set<String> nameTokens(ContactDto contact) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String part :
        new String[] {contact.displayName(), contact.givenName(), contact.familyName()}) {
      if (part != null) {
        tokens.add(truncate(lower(part.strip())));
        for (String word : WORD_SEPARATORS.split(lower(part))) {
          if (!word.isEmpty()) {
            tokens.add(truncate(word));
          }
        }
      }
    }
    return tokens;
  }

  /** Each distinct number's digits, for the phone index ({@link PhoneRows}). */
  Set<String> phoneDigits() {
    return PhoneRows.digitsIn(phones);
  }

  /** The first name word in {@code text}, split and shortened as the name words are. */
  static Optional<String> firstWord(String text) {
    return words(text).stream().findFirst();
  }

  /** The name words in {@code text}, split and shortened as the name words are. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : WORD_SEPARATORS.split(lower(text))) {
      if (!word.isEmpty()) {
        words.add(truncate(word));
      }
    }
    return words;
  }

  /**
   * Lower case, one code point for one: the full mapping of {@link String#toLowerCase} makes "İ"
   * two characters, and a lowered text must fit the same columns as the text the book allows.
   */
  static String lower(String text) {
    StringBuilder lowered = new StringBuilder(text.length());
    text.codePoints().map(Character::toLowerCase).forEach(lowered::appendCodePoint);
    return lowered.toString();
  }

  static String digits(String phone) {
    return phone.replaceAll("[^0-9+]", "");
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  private static String truncate(String token) {
    return token.length() > MAX_TOKEN ? token.substring(0, MAX_TOKEN) : token;
  }

  /**
   * Inserts contacts into the empty tables of a copy nobody reads yet (a snapshot's load), in JDBC
   * batches that each commit: a snapshot of 100,000 contacts is close to a million rows, and one
   * transaction around them costs H2 seconds at its commit and the heap its undo log.
   */
  static final class BatchInsert implements AutoCloseable {
    private static final int BATCH = 1000;
    private final Connection connection;
    private final PreparedStatement contacts;
    private final PreparedStatement emails;
    private final PreparedStatement tokens;
    private final PreparedStatement phones;
    private int batched;

    BatchInsert(Connection connection) throws SQLException {
      this.connection = connection;
      contacts =
          connection.prepareStatement(
              "INSERT INTO contact (id, json, name_lc, department_lc, phones)"
                  + " VALUES (?, ?, ?, ?, ?)");
      emails =
          connection.prepareStatement(
              "INSERT INTO contact_email (contact_id, email) VALUES (?, ?)");
      tokens =
          connection.prepareStatement(
              "INSERT INTO name_token (contact_id, token, name_lc) VALUES (?, ?, ?)");
      phones = connection.prepareStatement(PhoneRows.INSERT);
    }

    void add(ContactRows rows) throws SQLException {
      contacts.setString(1, rows.id());
      contacts.setBytes(2, StoredJson.bytes(rows.json()));
      contacts.setString(3, rows.name());
      contacts.setString(4, rows.department());
      contacts.setString(5, rows.phones());
      contacts.addBatch();
      for (String email : rows.emails()) {
        emails.setString(1, rows.id());
        emails.setString(2, email);
        emails.addBatch();
      }
      for (String token : rows.nameTokens()) {
        tokens.setString(1, rows.id());
        tokens.setString(2, token);
        tokens.setString(3, rows.name());
        tokens.addBatch();
      }
      for (String digits : rows.phoneDigits()) {
        PhoneRows.add(phones, rows.id(), digits);
      }
      if (++batched == BATCH) {
        flush();
      }
    }

    void flush() throws SQLException {
      contacts.executeBatch();
      emails.executeBatch();
      tokens.executeBatch();
      phones.executeBatch();
      connection.commit();
      batched = 0;
    }

    @Override
    public void close() throws SQLException {
      try (contacts;
          emails;
          tokens;
          phones) {
        flush();
      }
    }
  }
}
