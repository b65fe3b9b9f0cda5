package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.WireJson;

class OldSqlCopyTest {
  /**
   * The head of {@link #fixtureBook} as {@code old-copy/copy.mv.db} holds it: the SQL copy's code
   * wrote that file ({@link OldSqlCopyFromLiveCodeTest#writeTheFixture}), signing with a key of its
   * own; the rest of the head is the book's.
   */
  private static final String FIXTURE_SIGNATURE =
      "FMryCLLp84HLqrcK/nnQavRm8p0E707dqqNHao7ZnIbJ4ej04y+jjQtxR4WzwDfpXn3SCa2INTuNmTqY75bdDQ==";

  private static final List<String> OLD_FILES =
      List.of("copy.mv.db", "copy.trace.db", "copy-next.mv.db");

  @TempDir Path dir;
  private final List<LogRecord> logged = new ArrayList<>();
  private final Logger log = Logger.getLogger(OldSqlCopy.class.getName());
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void record() {
    log.addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    log.removeHandler(recorder);
  }

  @Test
  void theFixtureTheSqlCopyWroteIsImported() throws Exception {
    copyFixture();
    TestBook book = fixtureBook();

    assertThat(OldSqlCopy.importInto(dir, dir.resolve("copy.mvstore"), 2)).isTrue();

    assertImported(dir, fixtureHead(book), book.contacts, book, List.of(8L, 9L));
    assertThat(logged).noneMatch(record -> record.getLevel() == Level.WARNING);
  }

  @Test
  void aCopyAtLayoutOneWithItsJsonAsTextIsImported() throws Exception {
    TestBook book = fixtureBook();
    try (Connection old = connect(dir);
        Statement sql = old.createStatement()) {
      for (String statement : LAYOUT_1) {
        sql.execute(statement);
      }
      insert(old, "INSERT INTO head VALUES (1, ?, ?, ?, ?, '')", book.head());
      for (ContactDto contact : book.contacts.values()) {
        insert(
            old,
            "INSERT INTO contact (id, json, name_lc) VALUES (?, ?, '')",
            contact.id(),
            json(contact));
      }
      for (ChangeEntry entry : book.log) {
        insert(
            old,
            "INSERT INTO log_entry VALUES (?, ?)",
            entry.version(),
            WireJson.toJson(entry).toString());
      }
    }

    assertThat(OldSqlCopy.importInto(dir, dir.resolve("copy.mvstore"), 100)).isTrue();

    assertImported(dir, book, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"another name", "not JSON"})
  void aDamagedCopyIsDroppedWithOneWarningAndNoMapFile(String damage) throws Exception {
    copyFixture();
    ContactDto b = fixtureBook().contacts.get("b");
    String json =
        damage.equals("not JSON")
            ? "{\"id\": \"b\""
            : json(
                new ContactDto(
                    "b",
                    "Bertha Forged",
                    null,
                    null,
                    b.emails(),
                    b.phones(),
                    null,
                    b.department(),
                    null,
                    null,
                    null,
                    Map.of()));
    try (Connection old = connect(dir);
        PreparedStatement sql =
            old.prepareStatement("UPDATE contact SET json = ? WHERE id = 'b'")) {
      sql.setBytes(1, json.getBytes(StandardCharsets.UTF_8));
      assertThat(sql.executeUpdate()).isEqualTo(1);
    }

    assertThat(OldSqlCopy.importInto(dir, dir.resolve("copy.mvstore"), 100)).isFalse();

    assertThat(logged).filteredOn(record -> record.getLevel() == Level.WARNING).hasSize(1);
    assertThat(dir.resolve("copy.mvstore")).doesNotExist();
    assertThat(dir.resolve("copy.mvstore.import")).doesNotExist();
    OLD_FILES.forEach(name -> assertThat(dir.resolve(name)).doesNotExist());
  }

  @Test
  void aCopyThatNeverSyncedIsDropped() throws Exception {
    try (Connection old = connect(dir);
        Statement sql = old.createStatement()) {
      for (String statement : LAYOUT_1) {
        sql.execute(statement);
      }
    }
    Files.writeString(dir.resolve("copy-next.mv.db"), "a snapshot's load broken off");

    assertThat(OldSqlCopy.importInto(dir, dir.resolve("copy.mvstore"), 100)).isFalse();

    assertThat(dir.resolve("copy.mvstore")).doesNotExist();
    OLD_FILES.forEach(name -> assertThat(dir.resolve(name)).doesNotExist());
    assertThat(logged).isEmpty();
  }

  @Test
  void anOldCopyBesideAMapFileIsOnlyDeleted() throws Exception {
    copyFixture();
    Path mapFile = dir.resolve("copy.mvstore");
    try (CopyMaps maps = CopyMaps.open(mapFile, 4)) {
      maps.written().contacts().put("kept", StoredJson.bytes("{}"));
      maps.commit();
    }

    assertThat(OldSqlCopy.importInto(dir, mapFile, 100)).isFalse();

    OLD_FILES.forEach(name -> assertThat(dir.resolve(name)).doesNotExist());
    try (CopyMaps maps = CopyMaps.open(mapFile, 4)) {
      assertThat(maps.written().contacts().keySet()).containsExactly("kept");
    }
  }

  @Test
  void noOldCopyNoImport() {
    assertThat(OldSqlCopy.importInto(dir, dir.resolve("copy.mvstore"), 100)).isFalse();
    assertThat(dir.resolve("copy.mvstore")).doesNotExist();
  }

  /**
   * A book with what the copy keeps in every way: names in several scripts, numbers, attributes, a
   * contact without a department; changed and deleted after the snapshot at 6.
   */
  static TestBook fixtureBook() {
    return new TestBook()
        .upsert(TestBook.contact("a", "Ångström Anna"))
        .upsert(TestBook.contact("b", "张伟"))
        .upsert(
            new ContactDto(
                "c",
                "Carl Cello",
                "Carl",
                "Cello",
                List.of("Carl@Example.com", "carl@music.example"),
                List.of(
                    new PhoneDto("work", "+41 (22) 555-0100"),
                    new PhoneDto("mobile", "079 555 01 01")),
                "Example AG",
                "Music",
                "Cellist",
                "a",
                "Geneva",
                Map.of("room", "3.14")))
        .upsert(TestBook.contact("d", "Dora Δ"))
        .upsert(
            new ContactDto(
                "e", "Emil", null, null, List.of(), List.of(), null, null, null, null, null,
                Map.of()))
        .upsert(TestBook.contact("f", "Fritz Fuchs"))
        .upsert(TestBook.contact("b", "Bertha Weber"))
        .delete("d")
        .upsert(TestBook.contact("g", "Grete Gans"));
  }

  /** The book's contacts at {@code version}, from its log. */
  static Map<String, ContactDto> contactsAt(TestBook book, long version) {
    Map<String, ContactDto> contacts = new TreeMap<>();
    for (ChangeEntry entry : book.entries(0, version)) {
      if (entry.operation() == Operation.UPSERT) {
        contacts.put(entry.contactId(), entry.contact());
      } else {
        contacts.remove(entry.contactId());
      }
    }
    return contacts;
  }

  static void assertImported(Path dataDir, TestBook book, List<Long> logVersions) {
    assertImported(dataDir, book.head(), book.contacts, book, logVersions);
  }

  /** The map file holds the book at {@code head}, the log window and indexes due; no old file. */
  private static void assertImported(
      Path dataDir,
      SignedHead head,
      Map<String, ContactDto> contacts,
      TestBook book,
      List<Long> logVersions) {
    OLD_FILES.forEach(name -> assertThat(dataDir.resolve(name)).doesNotExist());
    assertThat(dataDir.resolve("copy.mvstore.import")).doesNotExist();
    try (CopyMaps maps = CopyMaps.open(dataDir.resolve("copy.mvstore"), 4)) {
      CopyMaps.Maps written = maps.written();
      assertThat(MapHead.signed(written.head())).contains(head);
      assertThat(MapHead.contacts(written.head())).isEqualTo(contacts.size());
      assertThat(MapHead.lanes(written.head()).digest()).isEqualTo(head.stateDigest());
      assertThat(MapHead.indexed(written.head())).isFalse();
      assertThat(List.copyOf(written.contacts().keySet()))
          .isEqualTo(List.copyOf(contacts.keySet()));
      contacts.forEach(
          (id, contact) ->
              assertThat(written.contacts().get(id)).isEqualTo(StoredJson.bytes(json(contact))));
      assertThat(written.log().keySet()).containsExactlyElementsOf(logVersions);
      for (long version : logVersions) {
        assertThat(written.log().get(version))
            .isEqualTo(WireJson.toJson(book.log.get((int) version - 1)).toString());
      }
      for (SearchIndex index : SearchIndex.values()) {
        assertThat(written.index(index)).isEmpty();
      }
    }
  }

  private static SignedHead fixtureHead(TestBook book) {
    SignedHead head = book.head();
    return new SignedHead(head.version(), head.hash(), head.stateDigest(), FIXTURE_SIGNATURE);
  }

  private void copyFixture() throws Exception {
    try (InputStream fixture = getClass().getResourceAsStream("old-copy/copy.mv.db")) {
      Files.copy(fixture, dir.resolve("copy.mv.db"));
    }
  }

  private static String json(ContactDto contact) {
    return ContactJson.toJson(contact).toString();
  }

  private static Connection connect(Path dataDir) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("copy"), "", "");
  }

  private static void insert(Connection connection, String statement, Object... values)
      throws SQLException {
    try (PreparedStatement sql = connection.prepareStatement(statement)) {
      for (int i = 0; i < values.length; i++) {
        sql.setObject(i + 1, values[i]);
      }
      sql.executeUpdate();
    }
  }

  private static void insert(Connection connection, String statement, SignedHead head)
      throws SQLException {
    insert(
        connection, statement, head.version(), head.hash(), head.stateDigest(), head.signature());
  }

  /** The copy's tables at layout 1, as StoreSchema's first step made them (commit dff1136). */
  private static final List<String> LAYOUT_1 =
      List.of(
          "CREATE TABLE schema_layout (id INT PRIMARY KEY, layout INT NOT NULL)",
          "INSERT INTO schema_layout VALUES (1, 1)",
          "CREATE TABLE contact (id VARCHAR(128) PRIMARY KEY, json VARCHAR(200000) NOT NULL,"
              + " name_lc VARCHAR(800) NOT NULL, department_lc VARCHAR(256), phones VARCHAR(1000))",
          "CREATE INDEX contact_name ON contact (name_lc)",
          "CREATE TABLE name_token (contact_id VARCHAR(128) NOT NULL, token VARCHAR(256) NOT NULL,"
              + " PRIMARY KEY (contact_id, token))",
          "CREATE INDEX name_token_token ON name_token (token)",
          "CREATE TABLE contact_email (contact_id VARCHAR(128) NOT NULL,"
              + " email VARCHAR(254) NOT NULL, PRIMARY KEY (contact_id, email))",
          "CREATE INDEX contact_email_email ON contact_email (email)",
          "CREATE INDEX contact_department ON contact (department_lc)",
          "CREATE TABLE log_entry (version BIGINT PRIMARY KEY, json VARCHAR(250000) NOT NULL)",
          "CREATE TABLE head (id INT PRIMARY KEY, version BIGINT NOT NULL, hash VARCHAR(64) NOT"
              + " NULL, state_digest VARCHAR(64) NOT NULL, signature VARCHAR(200) NOT NULL,"
              + " state_lanes VARCHAR(4000) NOT NULL)");
}
