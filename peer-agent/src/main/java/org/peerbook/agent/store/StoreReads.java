package org.peerbook.agent.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;

/**
 * The copy's reads, on a connection of their own: each sees the last committed version, beside a
 * change being made, so a lookup answers at once even while a snapshot of 100,000 contacts is being
 * applied. One read at a time on the connection.
 *
 * <p>Some reads name the index H2 is to use, where its planner would pick a worse one. A copy whose
 * indexes are still being built ({@link DeferredIndexes}) lacks some of them, and H2 refuses a
 * statement naming a missing index, so until they are all in, every read leaves the names out and
 * H2 reads the tables through.
 */
final class StoreReads implements AutoCloseable {
  private static final Pattern INDEX_HINT = Pattern.compile(" USE INDEX \\(\\w+\\)");

  private final Object lock = new Object();
  private final BooleanSupplier indexed;
  private final Lock indexBuilds;
  private Connection reader;

  /**
   * @param indexed whether the copy has all its indexes; asked at every read
   * @param indexBuilds the lock {@link DeferredIndexes} builds each index under; taken before this
   *     class's own, never after it
   */
  StoreReads(Connection reader, BooleanSupplier indexed, Lock indexBuilds) {
    this.reader = reader;
    this.indexed = indexed;
    this.indexBuilds = indexBuilds;
  }

  /** A change of the copy's files, which no connection may have open. */
  interface FileChange {
    void run() throws SQLException, IOException;
  }

  /** Opens the reader's connection once the files changed. */
  interface Reopen {
    Connection open() throws SQLException;
  }

  /**
   * Closes the reader's connection, makes {@code change} and reads through a new one from {@code
   * reopen}, which is opened even if the change failed; reads wait meanwhile.
   */
  void reopenAround(FileChange change, Reopen reopen) throws SQLException, IOException {
    synchronized (lock) {
      reader.close();
      try {
        change.run();
      } finally {
        reader = reopen.open();
      }
    }
  }

  @Override
  public void close() throws SQLException {
    synchronized (lock) {
      reader.close();
    }
  }

  /** The signed head the copy is at; empty for a copy that never synced. */
  Optional<SignedHead> head() {
    return readOne(
        "SELECT version, hash, state_digest, signature FROM head WHERE id = " + HeadRow.ID,
        rs -> new SignedHead(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
  }

  /** The hash of the entry at {@code version}, if the copy can still tell. */
  Optional<String> hashAt(long version) {
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
        "SELECT json FROM log_entry WHERE version = " + version,
        rs -> StoredJson.entry(rs.getString(1)));
  }

  List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return readAll(
        "SELECT json FROM log_entry WHERE version > ? AND version <= ? ORDER BY version LIMIT ?",
        List.of(after, upTo, limit),
        rs -> StoredJson.entry(rs.getString(1)));
  }

  Optional<ContactDto> contact(String id) {
    return contactJson(id).map(StoredJson::contact);
  }

  /** The contact's JSON as the copy keeps it ({@link StoredJson}). */
  Optional<byte[]> contactJson(String id) {
    return lookUp("SELECT json FROM contact WHERE id = ?", List.of(id), rs -> rs.getBytes(1))
        .stream()
        .findFirst();
  }

  /** Whether the copy has all its indexes: a read may name them. */
  boolean indexed() {
    return indexed.getAsBoolean();
  }

  LocalStore.Summary summary() {
    // one row: both figures come from the same committed version
    return readOne(
            "SELECT version, contacts FROM head WHERE id = " + HeadRow.ID,
            rs -> new LocalStore.Summary(rs.getLong(1), rs.getInt(2)))
        .orElse(new LocalStore.Summary(0, 0));
  }

  /**
   * The contacts that may match a directory search, in id order after {@code afterId} ({@code
   * null}: from the first).
   */
  CandidatePages candidates(Candidates candidates, String afterId) {
    String after = afterId == null ? "" : afterId;
    Optional<CandidateQueries> query = CandidateQueries.of(candidates);
    if (query.isEmpty()) {
      return CandidatePages.scan(this, after);
    }
    return CandidatePages.of(this, candidateIds(query.get(), after));
  }

  /**
   * The contacts that may match a search whose answer needs no order (one not paged), a page at a
   * time: the first {@code likely} ids the indexes yield, neither sorted nor de-duplicated by the
   * database, and only if those do not suffice, the others in id order. A name or e-mail prefix as
   * typed has thousands of candidates (11,111 for one digit at 100,000 contacts), of which the
   * client shows 100: sorting them all first took most of such a search's time.
   */
  CandidatePages candidatesInAnyOrder(Candidates candidates, int likely) {
    Optional<CandidateQueries> query = CandidateQueries.withDuplicates(candidates);
    if (query.isEmpty()) {
      return CandidatePages.scan(this, "");
    }
    List<Object> values = new ArrayList<>(query.get().values());
    values.add(likely);
    List<String> first =
        lookUp(
            "SELECT cid FROM (" + query.get().sql() + ") s LIMIT ?", values, rs -> rs.getString(1));
    // fewer than asked for: the first read found them all
    Supplier<List<String>> all =
        first.size() < likely
            ? () -> first
            : () -> candidateIds(CandidateQueries.of(candidates).orElseThrow(), "");
    return CandidatePages.firstThen(this, first, all);
  }

  private List<String> candidateIds(CandidateQueries query, String after) {
    // the ids alone first, then their contacts by primary key: H2 joins a UNION or INTERSECT
    // by running it once per contact row, minutes at 100,000 contacts
    List<Object> values = new ArrayList<>(query.values());
    values.add(after);
    return lookUp(
        "SELECT cid FROM (" + query.sql() + ") s WHERE cid > ? ORDER BY cid",
        values,
        rs -> rs.getString(1));
  }

  /** At most {@code limit} contacts after {@code afterId}, in id order. */
  List<ContactDto> contactsAfter(String afterId, int limit) {
    return lookUp(
        "SELECT json FROM contact WHERE id > ? ORDER BY id LIMIT ?",
        List.of(afterId, limit),
        StoredJson::contactIn);
  }

  /** The contacts with these ids that the copy holds, in id order. */
  List<ContactDto> contactsWithIds(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return lookUp(
        "SELECT json FROM contact WHERE id IN (" + placeholders(ids) + ") ORDER BY id",
        ids,
        StoredJson::contactIn);
  }

  /** One {@code ?} per id, for an {@code IN} list. */
  private static String placeholders(List<String> ids) {
    return String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
  }

  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Takes the rows of a {@link #scan} one at a time. */
  interface Visitor {
    /**
     * @return whether to read on
     */
    boolean visit(ResultSet rs) throws SQLException;
  }

  /**
   * Reads the contacts' tables. While their indexes are being built, it holds the lock the builder
   * builds each index under: H2 locks a table whole while it builds an index on it, and a read of
   * that table would wait for it on this connection (every other read behind it) and then give up
   * after H2's lock timeout. So a lookup waits for one index at most, and the head and the log stay
   * readable meanwhile.
   */
  <T> List<T> lookUp(String statement, List<?> parameters, Row<T> row) {
    List<T> rows = new ArrayList<>();
    scan(statement, parameters, into(rows, row));
    return rows;
  }

  /**
   * As {@link #lookUp}, each row handed over as it is read, until {@code visitor} has had enough:
   * the reader executes lazily, so a read of the first rows in an index's order reads no further.
   */
  void scan(String statement, List<?> parameters, Visitor visitor) {
    if (indexed.getAsBoolean()) {
      read(statement, parameters, visitor);
      return;
    }
    indexBuilds.lock();
    try {
      read(statement, parameters, visitor);
    } finally {
      indexBuilds.unlock();
    }
  }

  private <T> Optional<T> readOne(String statement, Row<T> row) {
    return readAll(statement, List.of(), row).stream().findFirst();
  }

  private <T> List<T> readAll(String statement, List<?> parameters, Row<T> row) {
    List<T> rows = new ArrayList<>();
    read(statement, parameters, into(rows, row));
    return rows;
  }

  /** Takes every row into {@code rows}. */
  private static <T> Visitor into(List<T> rows, Row<T> row) {
    return rs -> {
      rows.add(row.read(rs));
      return true;
    };
  }

  /** Reads the last committed version, beside any change being made. */
  private void read(String statement, List<?> parameters, Visitor visitor) {
    synchronized (lock) {
      String planned =
          indexed.getAsBoolean() ? statement : INDEX_HINT.matcher(statement).replaceAll("");
      try (PreparedStatement sql = reader.prepareStatement(planned)) {
        for (int i = 0; i < parameters.size(); i++) {
          sql.setObject(i + 1, parameters.get(i));
        }
        try (ResultSet rs = sql.executeQuery()) {
          while (rs.next() && visitor.visit(rs)) {
            // the visitor took the row
          }
        }
      } catch (SQLException e) {
        throw new StoreException("reading the local copy", e);
      }
    }
  }
}
