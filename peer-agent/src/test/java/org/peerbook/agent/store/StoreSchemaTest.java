package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** A copy written by an older agent is upgraded in place; one from a newer agent is refused. */
class StoreSchemaTest {
  @TempDir Path dir;
  private final TestBook book = new TestBook();

  /** Runs statements on the copy as it lies on disk, with no agent in between. */
  private void onDisk(String... statements) throws SQLException {
    try (Connection raw =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"), "", "");
        Statement sql = raw.createStatement()) {
      for (String statement : statements) {
        sql.execute(statement);
      }
    }
  }

  private void writeACopyOfThree() {
    book.upsert(TestBook.contact("a", "Anna"))
        .upsert(TestBook.contact("b", "Bert"))
        .upsert(TestBook.contact("c", "Carl"))
        .delete("b")
        .upsert(TestBook.contact("d", "Dora"));
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 5), book.head());
    }
  }

  @Test
  void opensACopyWrittenBeforeLayoutsAndUpgradesItInPlace() throws SQLException {
    writeACopyOfThree();
    // what an agent from before layouts left: no layout recorded, no count beside the head
    onDisk("DROP TABLE schema_layout", "ALTER TABLE head DROP COLUMN contacts");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(5, 3));
      assertThat(store.contact("d")).contains(book.contacts.get("d"));
      book.delete("a");
      store.applyDelta(book.entries(5, 6), book.head());
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(6, 2));
    }
    try (var reopened = LocalStore.open(dir, 100)) {
      assertThat(reopened.summary()).isEqualTo(new LocalStore.Summary(6, 2));
    }
  }

  @Test
  void aCopyAtLayoutTwoGetsTheDepartmentIndexInNameOrder() throws SQLException {
    writeACopyOfThree();
    // as layout 2 left it: a department index on the department alone
    onDisk(
        "DROP INDEX contact_department_name",
        "CREATE INDEX contact_department ON contact (department_lc)",
        "UPDATE schema_layout SET layout = 2");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(
              store.search(new LocalStore.Search(null, null, null, "dept"), 10).stream()
                  .map(ContactDto::displayName))
          .containsExactly("Anna", "Carl", "Dora");
    }
    assertThat(indexesOnContact())
        .contains("CONTACT_DEPARTMENT_NAME")
        .doesNotContain("CONTACT_DEPARTMENT");
  }

  @Test
  void aCopyAtLayoutSixGetsItsNameIndexWithEachId() throws SQLException {
    writeACopyOfThree();
    // as layout 6 left it: the name index on the name alone
    onDisk(
        "DROP INDEX contact_name_id",
        "CREATE INDEX contact_name ON contact (name_lc)",
        "UPDATE schema_layout SET layout = 6");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(namesByPrefix(store, "")).containsExactly("Anna", "Carl", "Dora");
    }
    assertThat(indexesOnContact()).contains("CONTACT_NAME_ID").doesNotContain("CONTACT_NAME");
  }

  @Test
  void aCopyAtLayoutSevenGetsEachWordsInitialUnlessTheNameBeginsWithIt() throws SQLException {
    writeACopyOfThree();
    // as layout 7 left it: the words without their initial
    onDisk(
        "DROP INDEX name_token_initial",
        "ALTER TABLE name_token DROP COLUMN later_initial",
        "UPDATE schema_layout SET layout = 7");

    try (var store = LocalStore.open(dir, 100)) {
      book.upsert(TestBook.contact("e", "Ada Zed"));
      store.applyDelta(book.entries(5, 6), book.head());
      assertThat(namesByPrefix(store, "z")).containsExactly("Ada Zed");
    }
    assertThat(
            rows(
                "SELECT contact_id || ':' || token || ':' || later_initial FROM name_token"
                    + " WHERE contact_id IN ('a', 'e') ORDER BY 1"))
        .containsExactly("a:anna:", "e:ada zed:", "e:ada:", "e:zed:z");
    assertThat(rows("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"))
        .contains("NAME_TOKEN_INITIAL");
  }

  @Test
  void aCopyAtLayoutThreeGetsTheNameBesideEachWordAndFindsByPrefixInNameOrder()
      throws SQLException {
    writeACopyOfThree();
    // as layout 3 left it: the words without the name, indexed by the word alone
    onDisk(
        "DROP INDEX name_token_token",
        "DROP INDEX name_token_initial",
        "ALTER TABLE name_token DROP COLUMN later_initial",
        "ALTER TABLE name_token DROP COLUMN name_lc",
        "CREATE INDEX name_token_token ON name_token (token)",
        "UPDATE schema_layout SET layout = 3");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(namesByPrefix(store, "")).containsExactly("Anna", "Carl", "Dora");
      book.upsert(TestBook.contact("e", "Ada"));
      store.applyDelta(book.entries(5, 6), book.head());
      assertThat(namesByPrefix(store, "a")).containsExactly("Ada", "Anna");
    }
    try (Connection raw =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"), "", "");
        var rs =
            raw.createStatement()
                .executeQuery("SELECT COUNT(*) FROM name_token WHERE name_lc IS NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).as("words without their contact's name").isZero();
    }
  }

  @Test
  void aCopyAtLayoutFourLosesTheKeysByContactAndItsChangesLeaveNoOldWordOrAddressBehind()
      throws SQLException {
    writeACopyOfThree();
    try (var store = LocalStore.open(dir, 100)) {
      book.upsert(TestBook.contact("e", "Ådne 张伟"));
      store.applyDelta(book.entries(5, 6), book.head());
    }
    // as layout 4 left it: words and addresses keyed by contact, addresses indexed alone, the
    // contacts' JSON as text
    String[] layoutFour = {
      "ALTER TABLE contact ALTER COLUMN json SET DATA TYPE VARCHAR(200000)",
      "ALTER TABLE name_token ADD PRIMARY KEY (contact_id, token)",
      "ALTER TABLE contact_email ADD PRIMARY KEY (contact_id, email)",
      "DROP INDEX contact_email_address",
      "CREATE INDEX contact_email_email ON contact_email (email)",
      "UPDATE schema_layout SET layout = 4"
    };
    onDisk(layoutFour);

    try (var store = LocalStore.open(dir, 100)) {
      book.upsert(TestBook.contact("c", "Cleo Cello"))
          .upsert(TestBook.contact("d", "Dora", "dora@example.org"))
          .delete("a");
      store.applyDelta(book.entries(6, 9), book.head());

      assertThat(store.contact("e")).contains(book.contacts.get("e"));

      assertThat(store.search(new LocalStore.Search("c", null, null, null), 10))
          .extracting(ContactDto::displayName)
          .containsExactly("Cleo Cello");
      assertThat(store.search(new LocalStore.Search(null, "d@example.com", null, null), 10))
          .isEmpty();
      assertThat(store.search(new LocalStore.Search(null, "dora@example.org", null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("d");
    }
    assertThat(rows("SELECT contact_id || ':' || token FROM name_token ORDER BY 1"))
        .containsExactly(
            "c:cello", "c:cleo", "c:cleo cello", "d:dora", "e:ådne", "e:ådne 张伟", "e:张伟");
    assertThat(rows("SELECT contact_id || ':' || email FROM contact_email ORDER BY 1"))
        .containsExactly("c:c@example.com", "d:dora@example.org", "e:e@example.com");
    assertThat(
            rows(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE CONSTRAINT_TYPE = 'PRIMARY KEY'"
                    + " AND TABLE_NAME IN ('NAME_TOKEN', 'CONTACT_EMAIL')"))
        .isEmpty();
    assertThat(
            rows(
                "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'CONTACT' AND COLUMN_NAME = 'JSON'"))
        .containsExactly("BINARY VARYING");
    assertThat(rows("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"))
        .contains("CONTACT_EMAIL_ADDRESS")
        .doesNotContain("CONTACT_EMAIL_EMAIL");

    // the step cut short after its table changes: it runs again, finding the keys gone
    onDisk("UPDATE schema_layout SET layout = 4");
    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(9, 3));
      assertThat(store.contact("e")).contains(book.contacts.get("e"));
    }
  }

  @Test
  void aCopyAtLayoutFiveGetsThePhoneIndexMadeFromItsContactsNumbers() throws SQLException {
    writeACopyOfThree();
    ContactDto dora = book.contacts.get("d");
    book.upsert(
        new ContactDto(
            "d",
            dora.displayName(),
            null,
            null,
            dora.emails(),
            List.of(new PhoneDto("work", "+41 22 555-0100"), new PhoneDto("fax", "0100")),
            null,
            dora.department(),
            null,
            null,
            null,
            Map.of()));
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(5, 6), book.head());
    }
    // as layout 5 left it: the numbers only in the contacts' phones column
    onDisk("DROP TABLE contact_phone", "UPDATE schema_layout SET layout = 5");

    for (int run = 0; run < 2; run++) {
      try (var store = LocalStore.open(dir, 100)) {
        assertThat(store.search(new LocalStore.Search(null, null, "022 5550100", null), 10))
            .extracting(ContactDto::id)
            .containsExactly("d");
      }
      assertThat(rows("SELECT contact_id || ':' || digits || ':' || reversed FROM contact_phone"))
          .containsExactlyInAnyOrder("d:+41225550100:00105552214+", "d:0100:0010");
      assertThat(rows("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"))
          .contains("CONTACT_PHONE_DIGITS", "CONTACT_PHONE_REVERSED");
      // the step cut short after its rows went in: it makes them again, not twice
      onDisk("UPDATE schema_layout SET layout = 5");
    }
  }

  private List<String> rows(String query) throws SQLException {
    try (Connection raw =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"), "", "");
        var rs = raw.createStatement().executeQuery(query)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }

  private List<String> indexesOnContact() throws SQLException {
    try (Connection raw =
            DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"), "", "");
        var rs =
            raw.createStatement()
                .executeQuery(
                    "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'CONTACT'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  @Test
  void anUpgradeCutShortAfterItsTableChangeRunsAgainAtTheNextStart() throws SQLException {
    writeACopyOfThree();
    // the column came (H2 commits a table change at once), the layout was not recorded yet
    onDisk("DROP TABLE schema_layout", "UPDATE head SET contacts = NULL");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(5, 3));
    }
  }

  @Test
  void refusesACopyANewerAgentWroteAndLeavesItAsItWas() throws SQLException {
    writeACopyOfThree();
    onDisk("UPDATE schema_layout SET layout = " + (StoreSchema.CURRENT + 1));

    assertThatThrownBy(() -> LocalStore.open(dir, 100))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("newer agent");
    onDisk("UPDATE schema_layout SET layout = " + StoreSchema.CURRENT);
    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(5, 3));
    }
  }

  @Test
  void aNewCopyCountsItsContactsThroughSnapshotsAndDeltas() {
    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(0, 0));
      book.upsert(TestBook.contact("a", "Anna")).upsert(TestBook.contact("b", "Bert"));
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
      assertThat(store.count()).isEqualTo(2);
      book.upsert(TestBook.contact("a", "Anna Renamed")).upsert(TestBook.contact("c", "Carl"));
      store.applyDelta(book.entries(2, 4), book.head());
      assertThat(store.count()).isEqualTo(3);
    }
  }

  /** The display names a name-prefix search of the copy finds, in its order. */
  private static List<String> namesByPrefix(LocalStore store, String prefix) {
    return store.search(new LocalStore.Search(prefix, null, null, null), 10).stream()
        .map(ContactDto::displayName)
        .toList();
  }
}
