package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * Writes a verified delta's entries into the copy in JDBC batches, within the caller's transaction:
 * the contacts the entries touch are read at once, the state digest takes out every contact an
 * entry replaces and adds every one it writes (on a second thread for a large delta: the sum does
 * not depend on the order), and each touched contact's rows change once, from what is stored to
 * what its last entry left ({@link RowChanges}). A 10,000-entry delta is a few dozen batches
 * instead of some 70,000 statements.
 */
final class DeltaWrite {
  private static final int READ_CHUNK = 500;
  private static final int BATCH = 1000;

  /**
   * Deltas of this many entries or more have their state digest computed on a second thread while
   * this one writes the rows: the digest's expansions are a tenth of a 10,000-entry delta's time,
   * and the rows keep one core busy with H2 alone.
   */
  private static final int SECOND_THREAD_FROM = 256;

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
    Map<String, ContactDto> stored =
        read(
            connection,
            new ArrayList<>(
                new LinkedHashSet<>(entries.stream().map(ChangeEntry::contactId).toList())));
    // each touched contact as the entries so far left it; empty: deleted
    Map<String, Optional<ContactDto>> touched = new LinkedHashMap<>();
    List<ContactDto> removed = new ArrayList<>();
    List<ContactDto> added = new ArrayList<>();
    for (ChangeEntry entry : entries) {
      String id = entry.contactId();
      Optional<ContactDto> before =
          touched.containsKey(id) ? touched.get(id) : Optional.ofNullable(stored.get(id));
      before.ifPresent(removed::add);
      if (entry.operation() == Operation.DELETE) {
        touched.put(id, Optional.empty());
      } else {
        added.add(entry.contact());
        touched.put(id, Optional.of(entry.contact()));
      }
    }
    FutureTask<StateDigest> digest =
        new FutureTask<>(
            () -> {
              removed.forEach(state::remove);
              added.forEach(state::add);
              return state;
            });
    if (entries.size() >= SECOND_THREAD_FROM) {
      Thread digesting = new Thread(digest, "delta-digest");
      digesting.setDaemon(true);
      digesting.start();
    } else {
      digest.run();
    }
    int gained = 0;
    try (var rows = new RowChanges(connection)) {
      for (Map.Entry<String, Optional<ContactDto>> last : touched.entrySet()) {
        ContactDto before = stored.get(last.getKey());
        gained += (last.getValue().isPresent() ? 1 : 0) - (before == null ? 0 : 1);
        rows.change(
            before == null ? null : ContactRows.of(before),
            last.getValue().map(ContactRows::of).orElse(null));
      }
    }
    writeLog(connection, entries.stream().filter(entry -> entry.version() > logFloor).toList());
    awaitDigest(digest);
    return gained;
  }

  private static void awaitDigest(FutureTask<StateDigest> digest) {
    try {
      digest.get();
    } catch (ExecutionException e) {
      throw new StoreException("computing the state digest of a delta", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while computing the state digest of a delta", e);
    }
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
