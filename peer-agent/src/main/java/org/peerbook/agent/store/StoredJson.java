package org.peerbook.agent.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.WireJson;

/**
 * Contacts and log entries as the store keeps them: their wire JSON, read back strictly. A
 * contact's JSON is kept as its UTF-8 bytes: H2 writes and reads a string character by character,
 * and the contacts' JSON is most of what a snapshot load writes and a delta's commit rewrites (copy
 * layout 5).
 */
final class StoredJson {
  private StoredJson() {}

  /** What the contact table's JSON column holds for {@code json}. */
  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The contact JSON in {@code column} of the row, as text. */
  static String textAt(ResultSet rs, int column) throws SQLException {
    return new String(rs.getBytes(column), StandardCharsets.UTF_8);
  }

  /** The contact in {@code column} of the row. */
  static ContactDto contactAt(ResultSet rs, int column) throws SQLException {
    return ContactJson.read(parse(textAt(rs, column)), "contact", true);
  }

  /** The contact in the first column of the row. */
  static ContactDto contactIn(ResultSet rs) throws SQLException {
    return contactAt(rs, 1);
  }

  static ChangeEntry entry(String json) {
    return WireJson.readEntry(parse(json), "entry");
  }

  private static jakarta.json.JsonValue parse(String json) {
    return WireJson.parse(json);
  }
}
