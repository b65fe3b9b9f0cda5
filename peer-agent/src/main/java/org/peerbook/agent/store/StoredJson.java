package org.peerbook.agent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.WireJson;

/** Contacts and log entries as the store keeps them: their wire JSON, read back strictly. */
final class StoredJson {
  private StoredJson() {}

  /** The contact in the first column of the row. */
  static ContactDto contactIn(ResultSet rs) throws SQLException {
    return contact(rs.getString(1));
  }

  static ContactDto contact(String json) {
    return ContactJson.read(parse(json), "contact", true);
  }

  static ChangeEntry entry(String json) {
    return WireJson.readEntry(parse(json), "entry");
  }

  private static jakarta.json.JsonValue parse(String json) {
    return WireJson.parse(json);
  }
}
