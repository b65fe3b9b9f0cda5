package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Moves contacts' rows from what they were to what they become, in JDBC batches, touching only the
 * rows that differ: a contact whose phone changed is one row updated, its name words and e-mail
 * addresses left alone; a changed set of name words or addresses is written anew. Each kind of row
 * has its statement; a batch runs every {@value #BATCH} changes and at the end.
 */
final class RowChanges implements AutoCloseable {
  private static final int BATCH = 1000;

  private final PreparedStatement insertContact;
  private final PreparedStatement updateContact;
  private final PreparedStatement deleteContact;
  private final PreparedStatement insertToken;
  private final PreparedStatement deleteTokens;
  private final PreparedStatement insertEmail;
  private final PreparedStatement deleteEmails;
  private final PreparedStatement insertPhone;
  private final PreparedStatement deletePhone;
  private final List<PreparedStatement> all;
  private int batched;

  RowChanges(Connection connection) throws SQLException {
    insertContact =
        connection.prepareStatement(
            "INSERT INTO contact (json, name_lc, department_lc, phones, id) VALUES (?, ?, ?, ?, ?)");
    updateContact =
        connection.prepareStatement(
            "UPDATE contact SET json = ?, name_lc = ?, department_lc = ?, phones = ? WHERE id = ?");
    deleteContact = connection.prepareStatement("DELETE FROM contact WHERE id = ?");
    insertToken =
        connection.prepareStatement(
            "INSERT INTO name_token (contact_id, token, name_lc) VALUES (?, ?, ?)");
    // each row by every column of its index (token, name_lc, contact_id): one lookup however
    // many contacts share the word
    deleteTokens =
        connection.prepareStatement(
            "DELETE FROM name_token WHERE contact_id = ? AND token = ? AND name_lc = ?");
    insertEmail =
        connection.prepareStatement("INSERT INTO contact_email (contact_id, email) VALUES (?, ?)");
    deleteEmails =
        connection.prepareStatement("DELETE FROM contact_email WHERE contact_id = ? AND email = ?");
    insertPhone = connection.prepareStatement(PhoneRows.INSERT);
    deletePhone = connection.prepareStatement(PhoneRows.DELETE);
    all =
        List.of(
            deleteContact,
            deleteTokens,
            deleteEmails,
            deletePhone,
            updateContact,
            insertContact,
            insertToken,
            insertEmail,
            insertPhone);
  }

  /**
   * The words, addresses and numbers go by what {@code before} says they are: the copy holds
   * exactly the rows {@link ContactRows#of} made of the contact it holds, so a change to how rows
   * are made needs a layout step that makes them anew ({@link StoreSchema}).
   *
   * @param before the contact's rows now, {@code null} if it has none
   * @param after its rows to be, {@code null} to delete it
   */
  void change(ContactRows before, ContactRows after) throws SQLException {
    if (after == null) {
      if (before != null) {
        byId(deleteContact, before.id());
        words(deleteTokens, before);
        pairs(deleteEmails, before.id(), before.emails());
        removePhones(before.id(), before.phoneDigits());
      }
    } else if (before == null) {
      contact(insertContact, after);
      words(insertToken, after);
      pairs(insertEmail, after.id(), after.emails());
      addPhones(after.id(), after.phoneDigits());
    } else {
      if (!sameColumns(before, after)) {
        contact(updateContact, after);
      }
      // the name is beside each word: a new name is new words even where the words are the same
      if (!before.nameTokens().equals(after.nameTokens()) || !before.name().equals(after.name())) {
        words(deleteTokens, before);
        words(insertToken, after);
      }
      if (!before.emails().equals(after.emails())) {
        pairs(deleteEmails, before.id(), before.emails());
        pairs(insertEmail, after.id(), after.emails());
      }
      // the numbers' rows are made of the phones column: the same column, the same rows
      if (!Objects.equals(before.phones(), after.phones())) {
        Set<String> old = before.phoneDigits();
        Set<String> now = after.phoneDigits();
        if (!old.equals(now)) {
          removePhones(before.id(), old);
          addPhones(after.id(), now);
        }
      }
    }
    if (++batched == BATCH) {
      flush();
    }
  }

  private static boolean sameColumns(ContactRows before, ContactRows after) {
    return before.json().equals(after.json())
        && before.name().equals(after.name())
        && Objects.equals(before.department(), after.department())
        && before.phones().equals(after.phones());
  }

  private static void contact(PreparedStatement sql, ContactRows rows) throws SQLException {
    sql.setBytes(1, StoredJson.bytes(rows.json()));
    sql.setString(2, rows.name());
    sql.setString(3, rows.department());
    sql.setString(4, rows.phones());
    sql.setString(5, rows.id());
    sql.addBatch();
  }

  private static void byId(PreparedStatement sql, String id) throws SQLException {
    sql.setString(1, id);
    sql.addBatch();
  }

  /** Each of the contact's name words, as (contact, word, name): to insert or to delete. */
  private static void words(PreparedStatement sql, ContactRows rows) throws SQLException {
    for (String token : rows.nameTokens()) {
      sql.setString(1, rows.id());
      sql.setString(2, token);
      sql.setString(3, rows.name());
      sql.addBatch();
    }
  }

  private void addPhones(String id, Set<String> numbers) throws SQLException {
    for (String digits : numbers) {
      PhoneRows.add(insertPhone, id, digits);
    }
  }

  private void removePhones(String id, Set<String> numbers) throws SQLException {
    for (String digits : numbers) {
      PhoneRows.remove(deletePhone, id, digits);
    }
  }

  private static void pairs(PreparedStatement sql, String id, Set<String> values)
      throws SQLException {
    for (String value : values) {
      sql.setString(1, id);
      sql.setString(2, value);
      sql.addBatch();
    }
  }

  /** Deletes first: a contact deleted and made again within one batch ends up made. */
  private void flush() throws SQLException {
    for (PreparedStatement sql : all) {
      sql.executeBatch();
    }
    batched = 0;
  }

  @Override
  public void close() throws SQLException {
    try {
      flush();
    } finally {
      for (PreparedStatement sql : all) {
        sql.close();
      }
    }
  }
}
