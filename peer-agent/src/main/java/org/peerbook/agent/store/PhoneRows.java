package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The phone index: a row per distinct number of a contact, with its digits as written and reversed,
 * each indexed. A number's start is a range over the digits, its end a range over the reversed
 * digits, and a whole number one key: a caller's number finds its contact among 100,000 without
 * reading each contact's numbers.
 */
final class PhoneRows {
  /** Digits and {@code +}: at most the 32 characters the book allows for a number. */
  static final String TABLE =
      "CREATE TABLE IF NOT EXISTS contact_phone (contact_id VARCHAR(128) NOT NULL,"
          + " digits VARCHAR(32) NOT NULL, reversed VARCHAR(32) NOT NULL)";

  static final String INSERT =
      "INSERT INTO contact_phone (contact_id, digits, reversed) VALUES (?, ?, ?)";

  /** By both columns of the digits index (digits, contact): one index lookup per row. */
  static final String DELETE = "DELETE FROM contact_phone WHERE digits = ? AND contact_id = ?";

  private PhoneRows() {}

  /** The distinct, non-empty numbers in a contact's {@code phones} column ({@code |a|b|}). */
  static Set<String> digitsIn(String phones) {
    Set<String> numbers = new LinkedHashSet<>();
    for (String digits : phones.split("\\|")) {
      if (!digits.isEmpty()) {
        numbers.add(digits);
      }
    }
    return numbers;
  }

  static void add(PreparedStatement insert, String contactId, String digits) throws SQLException {
    insert.setString(1, contactId);
    insert.setString(2, digits);
    insert.setString(3, reversed(digits));
    insert.addBatch();
  }

  static void remove(PreparedStatement delete, String contactId, String digits)
      throws SQLException {
    delete.setString(1, digits);
    delete.setString(2, contactId);
    delete.addBatch();
  }

  static String reversed(String digits) {
    return new StringBuilder(digits).reverse().toString();
  }

  /**
   * Makes the rows of every contact in the copy anew from its {@code phones} column, which holds
   * the same digits {@link ContactRows#of} makes them from: run twice, the same rows.
   */
  static void fill(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      sql.execute("DELETE FROM contact_phone");
      int batched = 0;
      try (ResultSet contacts = sql.executeQuery("SELECT id, phones FROM contact")) {
        while (contacts.next()) {
          String phones = contacts.getString(2);
          for (String digits : digitsIn(phones == null ? "" : phones)) {
            add(insert, contacts.getString(1), digits);
            if (++batched % 1000 == 0) {
              insert.executeBatch();
            }
          }
        }
      }
      insert.executeBatch();
    }
  }
}
