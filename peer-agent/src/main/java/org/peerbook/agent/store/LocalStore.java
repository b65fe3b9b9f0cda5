package org.peerbook.agent.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * The agent's local copy in an embedded H2 file: contacts, a window of the change log and the
 * signed head. Every change of the copy is one transaction, so a crash at any moment leaves the
 * copy at one signed version or the next, never between. Only this class knows SQL.
 *
 * <p>Changes go through one connection, one at a time; reads (lookups, peers' requests) go through
 * a second one and see the last committed version, so a lookup answers at once even while a
 * snapshot of 100,000 contacts is being applied.
 */
public final class LocalStore implements AutoCloseable {
  private static final int HEAD_ROW = 1;
  private final Connection connection;
  private final Connection reader;
  private final int retainedEntries;

  private LocalStore(Connection connection, Connection reader, int retainedEntries) {
    this.connection = connection;
    this.reader = reader;
    this.retainedEntries = retainedEntries;
  }

  /**
   * @param retainedEntries how many log entries to keep for serving deltas to peers
   */
  public static LocalStore open(Path dataDir, int retainedEntries) {
    try {
      Files.createDirectories(dataDir);
      // OPTIMIZE_REUSE_RESULTS: H2 2.2 hands the reader a query's previous result when it thinks
      // nothing changed, and that check races with the writer's commit: right after applying a
      // delta the copy read its old head (7% of reads under concurrent lookups, LocalStoreTest)
      String url =
          "jdbc:h2:file:"
              + dataDir.toAbsolutePath().resolve("copy")
              + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE";
      Connection connection = DriverManager.getConnection(url, "", "");
      connection.setAutoCommit(false);
      LocalStore store =
          new LocalStore(connection, DriverManager.getConnection(url, "", ""), retainedEntries);
      store.createSchema();
      return store;
    } catch (java.io.IOException | SQLException e) {
      throw new StoreException("cannot open the local copy in " + dataDir, e);
    }
  }

  private void createSchema() throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE TABLE IF NOT EXISTS contact (id VARCHAR(128) PRIMARY KEY,"
              + " json VARCHAR(200000) NOT NULL, name_lc VARCHAR(800) NOT NULL,"
              + " department_lc VARCHAR(256), phones VARCHAR(1000))");
      sql.execute("CREATE INDEX IF NOT EXISTS contact_name ON contact (name_lc)");
      // every word of every name, so that "cel" finds "Carl Cello" through an index
      sql.execute(
          "CREATE TABLE IF NOT EXISTS name_token (contact_id VARCHAR(128) NOT NULL,"
              + " token VARCHAR(256) NOT NULL, PRIMARY KEY (contact_id, token))");
      sql.execute("CREATE INDEX IF NOT EXISTS name_token_token ON name_token (token)");
      sql.execute(
          "CREATE TABLE IF NOT EXISTS contact_email (contact_id VARCHAR(128) NOT NULL,"
              + " email VARCHAR(254) NOT NULL, PRIMARY KEY (contact_id, email))");
      sql.execute("CREATE INDEX IF NOT EXISTS contact_email_email ON contact_email (email)");
      sql.execute("CREATE INDEX IF NOT EXISTS contact_department ON contact (department_lc)");
      sql.execute(
          "CREATE TABLE IF NOT EXISTS log_entry (version BIGINT PRIMARY KEY,"
              + " json VARCHAR(250000) NOT NULL)");
      sql.execute(
          "CREATE TABLE IF NOT EXISTS head (id INT PRIMARY KEY, version BIGINT NOT NULL,"
              + " hash VARCHAR(64) NOT NULL, state_digest VARCHAR(64) NOT NULL,"
              + " signature VARCHAR(200) NOT NULL, state_lanes VARCHAR(4000) NOT NULL)");
    }
    connection.commit();
  }

  /** The signed head the copy is at; empty for a copy that never synced. */
  public Optional<SignedHead> head() {
    return readOne(
        "SELECT version, hash, state_digest, signature FROM head WHERE id = " + HEAD_ROW,
        rs -> new SignedHead(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
  }

  public long version() {
    return head().map(SignedHead::version).orElse(0L);
  }

  public String headHash() {
    return head().map(SignedHead::hash).orElse(Hashes.ZERO);
  }

  /** The hash of the entry at {@code version}, if the copy can still tell. */
  public Optional<String> hashAt(long version) {
    Optional<SignedHead> head = head();
    long current = head.map(SignedHead::version).orElse(0L);
    if (version == current) {
      return Optional.of(head.map(SignedHead::hash).orElse(Hashes.ZERO));
    }
    Optional<ChangeEntry> entry = entry(version);
    if (entry.isPresent()) {
      return entry.map(ChangeEntry::hash);
    }
    return entry(version + 1).map(ChangeEntry::previousHash);
  }

  private Optional<ChangeEntry> entry(long version) {
    return readOne(
        "SELECT json FROM log_entry WHERE version = " + version, rs -> readEntry(rs.getString(1)));
  }

  public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return readAll(
        "SELECT json FROM log_entry WHERE version > ? AND version <= ? ORDER BY version LIMIT ?",
        List.of(after, upTo, limit),
        rs -> readEntry(rs.getString(1)));
  }

  /**
   * Applies verified entries and moves the copy to {@code head}, in one transaction. The caller has
   * checked the chain and the signature; the state digest is checked here against the copy itself,
   * so that a copy that drifted is never signed off as the head.
   */
  public synchronized void applyDelta(List<ChangeEntry> entries, SignedHead head) {
    try {
      StateDigest state = lanes();
      for (ChangeEntry entry : entries) {
        Optional<ContactDto> old = contactInTransaction(entry.contactId());
        old.ifPresent(state::remove);
        if (entry.operation() == Operation.DELETE) {
          execute("DELETE FROM contact WHERE id = ?", entry.contactId());
          execute("DELETE FROM name_token WHERE contact_id = ?", entry.contactId());
          execute("DELETE FROM contact_email WHERE contact_id = ?", entry.contactId());
        } else {
          state.add(entry.contact());
          upsert(entry.contact());
        }
        execute(
            "MERGE INTO log_entry (version, json) KEY (version) VALUES (?, ?)",
            entry.version(),
            WireJson.toJson(entry).toString());
      }
      if (!state.digest().equals(head.stateDigest())) {
        throw new StoreException(
            "the copy would differ from the signed book at " + head.version(), null);
      }
      writeHead(head, state);
      trimLog(head.version());
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      throw rollback("applying entries up to " + head.version(), e);
    }
  }

  /**
   * Replaces the whole copy by a snapshot's contacts as they come, in one transaction. The caller
   * verifies the contacts on the way (the iterator throws to refuse them); the state digest is
   * checked here once more, against the rows actually written.
   *
   * @return how many contacts the copy now holds
   */
  public synchronized int replaceWithSnapshot(SignedHead head, Iterator<ContactDto> contacts) {
    try {
      StateDigest state = StateDigest.empty();
      execute("DELETE FROM contact");
      execute("DELETE FROM name_token");
      execute("DELETE FROM contact_email");
      execute("DELETE FROM log_entry");
      int count = 0;
      try (var inserts = new ContactRows.BatchInsert(connection)) {
        while (contacts.hasNext()) {
          ContactDto contact = contacts.next();
          state.add(contact);
          inserts.add(ContactRows.of(contact));
          count++;
        }
      }
      if (!state.digest().equals(head.stateDigest())) {
        throw new StoreException(
            "the copy would differ from the signed book at " + head.version(), null);
      }
      writeHead(head, state);
      connection.commit();
      return count;
    } catch (SQLException | RuntimeException e) {
      throw rollback("replacing the copy by the snapshot at " + head.version(), e);
    }
  }

  /** Receives the copy as a snapshot: its head first, then every contact's JSON in id order. */
  public interface SnapshotWriter {
    void head(SignedHead head) throws IOException;

    void contact(String json) throws IOException;
  }

  /**
   * Writes the whole copy and the head it is at, read as one state.
   *
   * @return false if the copy never synced (nothing was written)
   */
  public synchronized boolean exportSnapshot(SnapshotWriter writer) throws IOException {
    Optional<SignedHead> head = head();
    if (head.isEmpty()) {
      return false;
    }
    writer.head(head.get());
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT json FROM contact ORDER BY id")) {
      while (rs.next()) {
        writer.contact(rs.getString(1));
      }
      connection.commit();
      return true;
    } catch (SQLException e) {
      throw rollback("reading contacts", e);
    }
  }

  public Optional<ContactDto> contact(String id) {
    return readAll("SELECT json FROM contact WHERE id = ?", List.of(id), rs -> contactIn(rs))
        .stream()
        .findFirst();
  }

  private Optional<ContactDto> contactInTransaction(String id) throws SQLException {
    try (PreparedStatement sql =
        connection.prepareStatement("SELECT json FROM contact WHERE id = ?")) {
      sql.setString(1, id);
      try (ResultSet rs = sql.executeQuery()) {
        return rs.next() ? Optional.of(contactIn(rs)) : Optional.empty();
      }
    }
  }

  /** Version and number of contacts, read together. */
  public record Summary(long version, int contacts) {}

  public Summary summary() {
    // one statement, so both figures come from the same committed version
    return readOne(
            "SELECT (SELECT version FROM head WHERE id = "
                + HEAD_ROW
                + "),"
                + " (SELECT COUNT(*) FROM contact)",
            rs -> new Summary(rs.getLong(1), rs.getInt(2)))
        .orElseThrow();
  }

  public int count() {
    return summary().contacts();
  }

  /** What a mail client looks for: any of the criteria, case-insensitive, at most {@code limit}. */
  public record Search(String namePrefix, String email, String phone, String department) {}

  /**
   * Finds contacts by any combination of the criteria. Name prefixes and e-mail addresses go
   * through indexes (a range over name words, an exact address), so that a lookup stays instant at
   * 100,000 contacts; phone digits are matched anywhere in the number.
   */
  public List<ContactDto> search(Search search, int limit) {
    StringBuilder sql = new StringBuilder("SELECT DISTINCT c.id, c.json, c.name_lc FROM contact c");
    List<Object> values = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    if (search.namePrefix() != null) {
      String prefix = ContactRows.lower(search.namePrefix().strip());
      sql.append(" JOIN name_token t ON t.contact_id = c.id");
      conditions.add("t.token >= ? AND t.token < ?");
      values.add(prefix);
      values.add(prefix + Character.MAX_VALUE);
    }
    if (search.email() != null) {
      sql.append(" JOIN contact_email e ON e.contact_id = c.id");
      conditions.add("e.email = ?");
      values.add(ContactRows.lower(search.email().strip()));
    }
    if (search.phone() != null) {
      conditions.add("c.phones LIKE ? ESCAPE '\\'");
      values.add("%" + escape(ContactRows.digits(search.phone())) + "%");
    }
    if (search.department() != null) {
      conditions.add("c.department_lc = ?");
      values.add(ContactRows.lower(search.department()));
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    sql.append(" ORDER BY c.name_lc, c.id LIMIT ?");
    values.add(limit);
    return readAll(sql.toString(), values, rs -> readContact(rs.getString(2)));
  }

  /** A page of candidates, and the id to go on after, if there may be more. */
  public record Page(List<ContactDto> contacts, Optional<String> next) {}

  /**
   * A page of the contacts that may match a directory search, in id order after {@code afterId}
   * ({@code null}: from the first). Each page is its own read of the last committed version, so a
   * long search holds the reader only a moment at a time and never waits for a sync.
   */
  public Page candidates(Candidates candidates, String afterId, int pageSize) {
    Optional<CandidateQueries> query = CandidateQueries.of(candidates);
    String after = afterId == null ? "" : afterId;
    if (query.isEmpty()) {
      List<ContactDto> page =
          readAll(
              "SELECT json FROM contact WHERE id > ? ORDER BY id LIMIT ?",
              List.of(after, pageSize),
              LocalStore::contactIn);
      return new Page(page, more(page.size(), pageSize, () -> page.get(page.size() - 1).id()));
    }
    // the ids alone first, then their contacts by primary key: H2 joins a UNION or INTERSECT
    // by running it once per contact row, minutes at 100,000 contacts
    List<Object> values = new ArrayList<>(query.get().values());
    values.add(after);
    values.add(pageSize);
    List<String> ids =
        readAll(
            "SELECT cid FROM (" + query.get().sql() + ") s WHERE cid > ? ORDER BY cid LIMIT ?",
            values,
            rs -> rs.getString(1));
    List<ContactDto> page =
        ids.isEmpty()
            ? List.of()
            : readAll(
                "SELECT json FROM contact WHERE id IN ("
                    + String.join(",", java.util.Collections.nCopies(ids.size(), "?"))
                    + ") ORDER BY id",
                ids,
                LocalStore::contactIn);
    return new Page(page, more(ids.size(), pageSize, () -> ids.get(ids.size() - 1)));
  }

  private static Optional<String> more(
      int found, int pageSize, java.util.function.Supplier<String> last) {
    return found < pageSize ? Optional.empty() : Optional.of(last.get());
  }

  @Override
  public synchronized void close() {
    try (reader) {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing the local copy", e);
    }
  }

  private StateDigest lanes() throws SQLException {
    return inTransaction(
            "SELECT state_lanes FROM head WHERE id = " + HEAD_ROW,
            rs -> StateDigest.fromBase64(rs.getString(1)))
        .orElseGet(StateDigest::empty);
  }

  private void writeHead(SignedHead head, StateDigest state) throws SQLException {
    execute(
        "MERGE INTO head (id, version, hash, state_digest, signature, state_lanes) KEY (id)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        HEAD_ROW,
        head.version(),
        head.hash(),
        head.stateDigest(),
        head.signature(),
        state.toBase64());
  }

  private void trimLog(long headVersion) throws SQLException {
    execute("DELETE FROM log_entry WHERE version <= ?", headVersion - retainedEntries);
  }

  private void upsert(ContactDto contact) throws SQLException {
    ContactRows rows = ContactRows.of(contact);
    execute(
        "MERGE INTO contact (id, json, name_lc, department_lc, phones) KEY (id)"
            + " VALUES (?, ?, ?, ?, ?)",
        rows.id(),
        rows.json(),
        rows.name(),
        rows.department(),
        rows.phones());
    execute("DELETE FROM name_token WHERE contact_id = ?", rows.id());
    execute("DELETE FROM contact_email WHERE contact_id = ?", rows.id());
    for (String email : rows.emails()) {
      execute("INSERT INTO contact_email (contact_id, email) VALUES (?, ?)", rows.id(), email);
    }
    for (String token : rows.nameTokens()) {
      execute("INSERT INTO name_token (contact_id, token) VALUES (?, ?)", rows.id(), token);
    }
  }

  private void execute(String statement, Object... parameters) throws SQLException {
    try (PreparedStatement sql = connection.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        sql.setObject(i + 1, parameters[i]);
      }
      sql.executeUpdate();
    }
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Reads within the change being made, which sees its own rows. */
  private <T> Optional<T> inTransaction(String statement, Row<T> row) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery(statement)) {
      return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
    }
  }

  private <T> Optional<T> readOne(String statement, Row<T> row) {
    return readAll(statement, List.of(), row).stream().findFirst();
  }

  /** Reads the last committed version, beside any change being made. */
  private <T> List<T> readAll(String statement, List<?> parameters, Row<T> row) {
    synchronized (reader) {
      try (PreparedStatement sql = reader.prepareStatement(statement)) {
        for (int i = 0; i < parameters.size(); i++) {
          sql.setObject(i + 1, parameters.get(i));
        }
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery()) {
          while (rs.next()) {
            rows.add(row.read(rs));
          }
        }
        return rows;
      } catch (SQLException e) {
        throw new StoreException("reading the local copy", e);
      }
    }
  }

  /**
   * Undoes the transaction. A refusal from the caller's side (a verification failure, a broken
   * stream) passes through as it was thrown, so the caller can still tell what went wrong.
   */
  private RuntimeException rollback(String what, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    return cause instanceof RuntimeException unchecked
        ? unchecked
        : new StoreException(what, cause);
  }

  private static ContactDto contactIn(ResultSet rs) throws SQLException {
    return readContact(rs.getString(1));
  }

  private static ContactDto readContact(String json) {
    return ContactJson.read(parse(json), "contact", true);
  }

  private static ChangeEntry readEntry(String json) {
    return WireJson.readEntry(parse(json), "entry");
  }

  private static jakarta.json.JsonValue parse(String json) {
    return WireJson.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
