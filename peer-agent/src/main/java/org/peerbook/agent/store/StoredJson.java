package org.peerbook.agent.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.WireJson;

/**
 * Contacts and log entries as the store keeps them: their wire JSON, read back strictly. A
 * contact's JSON is kept as its UTF-8 bytes: H2 writes and reads a string character by character,
 * and the contacts' JSON is most of what a snapshot load writes and a delta's commit rewrites (copy
 * layout 5). It is always {@code ContactJson.toJson(contact).toString()} of the verified contact
 * ({@link ContactRows}), never text as a source sent it, so peers' snapshots and the lookup API
 * send it on as it is.
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

  /** The contact whose column holds {@code json}. */
  static ContactDto contact(byte[] json) {
    return KeptContactReader.read(json);
  }

  /** The contact in the first column of the row. */
  static ContactDto contactIn(ResultSet rs) throws SQLException {
    return contact(rs.getBytes(1));
  }

  static ChangeEntry entry(String json) {
    return WireJson.readEntry(parse(json), "entry");
  }

  private static jakarta.json.JsonValue parse(String json) {
    return WireJson.parse(json);
  }
}
