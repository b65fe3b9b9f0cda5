package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * Writes a verified delta's entries into the copy in JDBC batches, within the caller's transaction:
 * the contacts the entries touch are read at once, their state digest moves ({@link DeltaEffect}),
 * and each touched contact's rows change once, from what is stored to what its last entry left
 * ({@link RowChanges}). A 10,000-entry delta is a few dozen batches instead of some 70,000
 * statements.
 */
final class DeltaWrite {
  private static final int READ_CHUNK = 500;
  private static final int BATCH = 1000;

  private DeltaWrite() {}

  /**
   * Applies {@code entries} to the copy's rows and to {@code state}, and keeps those above {@code
   * logFloor} in the log: a delta longer than the log keeps writes no entry only to trim it.
   *
   * @return how many contacts the copy gained (negative: lost)
   */
  static int apply(
      Connection connection, List<ChangeEntry> entries, StateDigest state, long logFloor)
      throws SQLException {
    Map<String, ContactDto> stored = read(connection, DeltaEffect.touchedIds(entries));
    DeltaEffect effect = DeltaEffect.start(entries, stored, state);
    int gained = 0;
    try (var rows = new RowChanges(connection)) {
      for (Map.Entry<String, Optional<ContactDto>> last : effect.last().entrySet()) {
        ContactDto before = stored.get(last.getKey());
        gained += (last.getValue().isPresent() ? 1 : 0) - (before == null ? 0 : 1);
        rows.change(
            before == null ? null : ContactRows.of(before),
            last.getValue().map(ContactRows::of).orElse(null));
      }
    }
    writeLog(connection, entries.stream().filter(entry -> entry.version() > logFloor).toList());
    effect.awaitDigest();
    return gained;
  }

  /** The stored contacts among {@code ids}, by id. */
  private static Map<String, ContactDto> read(Connection connection, List<String> ids)
      throws SQLException {
    Map<String, ContactDto> stored = new HashMap<>();
    for (int from = 0; from < ids.size(); from += READ_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
      try (PreparedStatement sql =
          connection.prepareStatement(
              "SELECT json FROM contact WHERE id IN ("
                  + String.join(",", Collections.nCopies(chunk.size(), "?"))
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          sql.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = sql.executeQuery()) {
          while (rs.next()) {
            ContactDto contact = StoredJson.contactIn(rs);
            stored.put(contact.id(), contact);
          }
        }
      }
    }
    return stored;
  }

  private static void writeLog(Connection connection, List<ChangeEntry> entries)
      throws SQLException {
    try (PreparedStatement sql =
        connection.prepareStatement(
            "MERGE INTO log_entry (version, json) KEY (version) VALUES (?, ?)")) {
      int batched = 0;
      for (ChangeEntry entry : entries) {
        sql.setLong(1, entry.version());
        sql.setString(2, WireJson.toJson(entry).toString());
        sql.addBatch();
        if (++batched % BATCH == 0) {
          sql.executeBatch();
        }
      }
      sql.executeBatch();
    }
  }
}
