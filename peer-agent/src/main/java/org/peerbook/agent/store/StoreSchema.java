package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copy's tables, versioned: a copy records the layout it is at, and opening it applies the
 * steps after that one, recording each, so a copy written by an older agent is upgraded in place
 * (no resync). H2 commits a table change at once, so every step can run twice: a crash mid-step
 * leaves the copy at the last recorded layout, and the next start repeats the step. A copy at a
 * layout this agent does not know (a newer agent wrote it) is refused, not guessed at. Copies from
 * before the layout was recorded are at layout 1 (they have the tables).
 */
final class StoreSchema {
  private static final Logger LOG = Logger.getLogger(StoreSchema.class.getName());

  /**
   * The secondary indexes, the searches' and the changes' ways in. A copy loaded from a snapshot is
   * made without them and builds them once its rows are in ({@link SnapshotLoad}): H2 sorts them in
   * one go in about half the time it takes to keep them up to date row by row. A later step that
   * adds an index lists it here too.
   */
  static final List<String> INDEXES =
      List.of(
          // the contacts in name order, each with its id: a broad name prefix walks it without
          // reading a row (NamePrefixSearch), and ties come in the order answers take
          "CREATE INDEX IF NOT EXISTS contact_name_id ON contact (name_lc, id)",
          // a word's contacts in name order with the name beside them: the first page of a
          // prefix that 11,000 contacts share is read off this index alone (StoreReads.search)
          "CREATE INDEX IF NOT EXISTS name_token_token ON name_token (token, name_lc, contact_id)",
          // an address's contacts; with the contact, one row: how a change deletes it
          "CREATE INDEX IF NOT EXISTS contact_email_address ON contact_email (email, contact_id)",
          // in the order a department's search answers: its first page is read off the index
          // and the search stops there, instead of reading and sorting the whole department
          "CREATE INDEX IF NOT EXISTS contact_department_name"
              + " ON contact (department_lc, name_lc, id)",
          // a number's start, a whole number, and (with the contact) how a change deletes it
          "CREATE INDEX IF NOT EXISTS contact_phone_digits ON contact_phone (digits, contact_id)",
          // a number's end: a caller's number without its country code, an extension
          "CREATE INDEX IF NOT EXISTS contact_phone_reversed"
              + " ON contact_phone (reversed, contact_id)",
          // the name words by their initial, each initial's in name order: a prefix many share
          // has its first matches by name read off it, a few rows each (NamePrefixSearch)
          "CREATE INDEX IF NOT EXISTS name_token_initial"
              + " ON name_token (later_initial, name_lc, contact_id, token)");

  /** The names of {@link #INDEXES} as H2 lists them (in capitals). */
  static final List<String> INDEX_NAMES =
      INDEXES.stream().map(statement -> statement.split(" ")[5].toUpperCase(Locale.ROOT)).toList();

  /** The name word index as layouts 1 to 3 had it; a new copy skips it as it skips INDEXES. */
  private static final String WORD_INDEX_BEFORE_LAYOUT_4 =
      "CREATE INDEX IF NOT EXISTS name_token_token ON name_token (token)";

  /** A contact's JSON, as UTF-8 bytes ({@link StoredJson}): 200,000 characters of up to 4 bytes. */
  private static final String CONTACT_JSON = "VARBINARY(800000)";

  /** The address index as layouts 1 to 4 had it; a new copy skips it too. */
  private static final String EMAIL_INDEX_BEFORE_LAYOUT_5 =
      "CREATE INDEX IF NOT EXISTS contact_email_email ON contact_email (email)";

  /** The name index as layouts 1 to 6 had it; a new copy skips it too. */
  private static final String NAME_INDEX_BEFORE_LAYOUT_7 =
      "CREATE INDEX IF NOT EXISTS contact_name ON contact (name_lc)";

  private static final List<String> SKIPPED_BY_A_LOAD =
      List.of(WORD_INDEX_BEFORE_LAYOUT_4, EMAIL_INDEX_BEFORE_LAYOUT_5, NAME_INDEX_BEFORE_LAYOUT_7);

  /**
   * A name word's initial, or {@code ''} for a word the contact's name (all its name parts, {@link
   * ContactRows#name}) begins with: the contacts with such a word starting with a prefix have a
   * name starting with it, and are found in the name's order; the other words are found by their
   * initial. H2 computes it as a word is written.
   */
  static final String LATER_INITIAL =
      "ALTER TABLE name_token ADD COLUMN IF NOT EXISTS later_initial VARCHAR(1) GENERATED ALWAYS"
          + " AS (CASE WHEN LEFT(name_lc, CHAR_LENGTH(token)) = token THEN ''"
          + " ELSE LEFT(token, 1) END)";

  /** Not SQL: the step that makes the phone index's rows runs {@link PhoneRows#fill} here. */
  private static final String FILL_PHONE_ROWS = "(PhoneRows.fill)";

  /**
   * Statements that drop a table's primary key. H2 has no {@code IF EXISTS} for them: a step run
   * again finds the key gone, and a new copy never had one, so they run only where there is one.
   */
  private static final Pattern DROP_PRIMARY_KEY =
      Pattern.compile("ALTER TABLE (\\w+) DROP PRIMARY KEY");

  /** Each step's statements; step {@code i} brings the copy to layout {@code i + 1}. */
  private static final List<List<String>> STEPS =
      List.of(
          List.of(
              "CREATE TABLE IF NOT EXISTS contact (id VARCHAR(128) PRIMARY KEY,"
                  + " json "
                  + CONTACT_JSON
                  + " NOT NULL, name_lc VARCHAR(800) NOT NULL,"
                  + " department_lc VARCHAR(256), phones VARCHAR(1000))",
              NAME_INDEX_BEFORE_LAYOUT_7,
              // every word of every name, so that "cel" finds "Carl Cello" through an index
              "CREATE TABLE IF NOT EXISTS name_token (contact_id VARCHAR(128) NOT NULL,"
                  + " token VARCHAR(256) NOT NULL)",
              WORD_INDEX_BEFORE_LAYOUT_4,
              "CREATE TABLE IF NOT EXISTS contact_email (contact_id VARCHAR(128) NOT NULL,"
                  + " email VARCHAR(254) NOT NULL)",
              EMAIL_INDEX_BEFORE_LAYOUT_5,
              "CREATE INDEX IF NOT EXISTS contact_department ON contact (department_lc)",
              "CREATE TABLE IF NOT EXISTS log_entry (version BIGINT PRIMARY KEY,"
                  + " json VARCHAR(250000) NOT NULL)",
              "CREATE TABLE IF NOT EXISTS head (id INT PRIMARY KEY, version BIGINT NOT NULL,"
                  + " hash VARCHAR(64) NOT NULL, state_digest VARCHAR(64) NOT NULL,"
                  + " signature VARCHAR(200) NOT NULL, state_lanes VARCHAR(4000) NOT NULL)"),
          // the number of contacts beside the head: a status read is one row, not a count of
          // the table (which H2 cannot take from metadata while a change is open)
          List.of(
              "ALTER TABLE head ADD COLUMN IF NOT EXISTS contacts INT",
              "UPDATE head SET contacts = (SELECT COUNT(*) FROM contact)"),
          // a department's contacts by name in the index (StoreReads.search): 50 of a
          // department of 2,000 in 0.05 ms instead of 4-12 ms
          List.of("DROP INDEX IF EXISTS contact_department", INDEXES.get(3)),
          // each name word with its contact's name: a broad prefix's first page by name without
          // reading each contact's row (p99 85 ms at 100,000 contacts). Filling it in is a
          // join over all words, once (about 20 s per 100,000 contacts); the step can run again
          List.of(
              "ALTER TABLE name_token ADD COLUMN IF NOT EXISTS name_lc VARCHAR(800)",
              "MERGE INTO name_token t USING contact c ON t.contact_id = c.id"
                  + " WHEN MATCHED THEN UPDATE SET t.name_lc = c.name_lc",
              "DROP INDEX IF EXISTS name_token_token",
              INDEXES.get(1)),
          // words and addresses keyed by their indexes only: a change deletes a contact's old
          // rows by what they were (RowChanges), so the key by contact, which H2 kept up to date
          // row by row while a snapshot loaded, goes (StoreBenchmark, 100,000 contacts: a load
          // 9.7 s instead of 14.3). Layouts 1 to 4 had one; the tables are made without since.
          // The contacts' JSON becomes bytes (H2 converts text to UTF-8)
          List.of(
              "ALTER TABLE contact ALTER COLUMN json SET DATA TYPE " + CONTACT_JSON,
              "ALTER TABLE name_token DROP PRIMARY KEY",
              "ALTER TABLE contact_email DROP PRIMARY KEY",
              "DROP INDEX IF EXISTS contact_email_email",
              INDEXES.get(2)),
          // the phone index (PhoneRows): a lookup by number read every contact's numbers (p99
          // 167 ms at 100,000 contacts). Its rows come from each contact's phones column
          List.of(PhoneRows.TABLE, FILL_PHONE_ROWS, INDEXES.get(4), INDEXES.get(5)),
          // the name index with each contact's id: a walk in name order reads ids off the index
          // alone, where H2 read each row for it (or scanned the table to find rows by _ROWID_)
          List.of("DROP INDEX IF EXISTS contact_name", INDEXES.get(0)),
          // each name word's initial beside it, and the words in name order by it: a first letter
          // typed read every word starting with it when its first matches lay late in name order
          // (33,000 for "王" at 100,000 contacts: p99 45 ms)
          List.of(LATER_INITIAL, INDEXES.get(6)));

  /** The layout this agent writes. */
  static final int CURRENT = STEPS.size();

  private StoreSchema() {}

  /**
   * Brings the copy on {@code connection} (not auto-committing) to {@link #CURRENT}.
   *
   * @throws StoreException if a newer agent wrote the copy
   */
  static void upgrade(Connection connection) throws SQLException {
    upgrade(connection, true);
  }

  /**
   * Makes a new copy at {@link #CURRENT} without its {@link #INDEXES}, for a snapshot to be loaded
   * into; {@link #createIndexes} adds them after the load, or {@link DeferredIndexes} once it is
   * the copy.
   */
  static void createWithoutIndexes(Connection connection) throws SQLException {
    upgrade(connection, false);
  }

  static void createIndexes(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      for (String statement : INDEXES) {
        sql.execute(statement);
      }
    }
  }

  /**
   * Whether the copy lacks one of its {@link #INDEXES}: a first sync's build that a stop or a crash
   * broke off ({@link DeferredIndexes}).
   */
  static boolean lacksIndexes(Connection connection) throws SQLException {
    Set<String> present = new HashSet<>();
    try (Statement sql = connection.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_SCHEMA = 'PUBLIC'")) {
      while (rs.next()) {
        present.add(rs.getString(1));
      }
    }
    connection.commit();
    return !present.containsAll(INDEX_NAMES);
  }

  private static void upgrade(Connection connection, boolean indexes) throws SQLException {
    int layout = layout(connection);
    if (layout > CURRENT) {
      throw new StoreException(
          "the local copy is at layout "
              + layout
              + ", written by a newer agent; this one knows layouts up to "
              + CURRENT
              + ": use the newer agent, or remove the data directory to sync afresh",
          null);
    }
    if (indexes && layout > 0 && layout < CURRENT) {
      LOG.info(
          () ->
              "upgrading the local copy from layout "
                  + layout
                  + " to "
                  + CURRENT
                  + (layout < 4
                      ? " (once; filling in the name beside each name word takes about 25 s"
                          + " per 100,000 contacts)"
                      : ""));
    }
    try (Statement sql = connection.createStatement()) {
      for (int step = layout; step < CURRENT; step++) {
        for (String statement : STEPS.get(step)) {
          boolean deferred = INDEXES.contains(statement) || SKIPPED_BY_A_LOAD.contains(statement);
          if (statement.equals(FILL_PHONE_ROWS)) {
            PhoneRows.fill(connection);
          } else if ((indexes || !deferred) && applies(connection, statement)) {
            sql.execute(statement);
          }
        }
        sql.execute(
            "MERGE INTO schema_layout (id, layout) KEY (id) VALUES (1, " + (step + 1) + ")");
        connection.commit();
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private static boolean applies(Connection connection, String statement) throws SQLException {
    Matcher drop = DROP_PRIMARY_KEY.matcher(statement);
    if (!drop.matches()) {
      return true;
    }
    try (ResultSet keys =
        connection
            .getMetaData()
            .getPrimaryKeys(null, "PUBLIC", drop.group(1).toUpperCase(Locale.ROOT))) {
      return keys.next();
    }
  }

  private static int layout(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE TABLE IF NOT EXISTS schema_layout (id INT PRIMARY KEY, layout INT NOT NULL)");
      connection.commit();
      try (ResultSet rs = sql.executeQuery("SELECT layout FROM schema_layout WHERE id = 1")) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
      try (ResultSet rs =
          sql.executeQuery(
              "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'HEAD'"
                  + " AND TABLE_SCHEMA = 'PUBLIC'")) {
        rs.next();
        // the head table without a recorded layout: an agent from before layouts wrote it
        return rs.getInt(1) > 0 ? 1 : 0;
      }
    }
  }
}
