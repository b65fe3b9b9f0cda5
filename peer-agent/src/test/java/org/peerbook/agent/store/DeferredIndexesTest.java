package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;

/**
 * A first sync's copy goes live before its search indexes are built: lookups answer meanwhile (by
 * reading the tables through), changes wait for them, and a build a stop broke off is finished at
 * the next start. The tests hold the store's change lock to keep a build from starting: every index
 * is built holding it.
 */
class DeferredIndexesTest {
  private static final Duration BUILT = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final TestBook book = new TestBook();

  @BeforeEach
  void fill() {
    for (int i = 0; i < 40; i++) {
      book.upsert(person(i, "Person " + i, "p" + i + "@example.com", "+41 22 555 " + (1000 + i)));
    }
  }

  @Test
  void aSnapshotsCopyAnswersEveryKindOfLookupBeforeItsIndexesAreInAndTheSameAfter()
      throws SQLException {
    try (var store = LocalStore.open(dir, 100)) {
      List<List<String>> before;
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

        assertThat(store.indexing()).isTrue();
        assertThat(indexes()).doesNotContainAnyElementsOf(deferredIndexes());
        before = lookups(store);
      } finally {
        store.changeLock().unlock();
      }
      assertThat(before)
          .containsExactly(
              List.of("p12"),
              List.of("p12"),
              List.of("p12"),
              List.of("p12"),
              List.of("p12"),
              List.of("p0", "p10", "p20", "p30"),
              List.of("p12"),
              List.of("p10", "p11", "p12", "p13", "p14", "p15", "p16", "p17", "p18", "p19"));

      await().atMost(BUILT).until(() -> !store.indexing());

      assertThat(indexes()).containsAll(deferredIndexes());
      assertThat(lookups(store)).isEqualTo(before);
    }
  }

  @Test
  void aDeltaRightAfterASnapshotWaitsForTheIndexesAndTakesTheOldRowsOutThroughThem()
      throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      SignedHead snapshotHead = book.head();
      List<ContactDto> snapshot = List.copyOf(book.contacts.values());
      long version = snapshotHead.version();
      book.upsert(person(12, "Renamed Twelve", "twelve@example.org", "+1 212 555 0000"));
      AtomicReference<Thread> deltaThread = new AtomicReference<>();
      CompletableFuture<Boolean> indexingWhenApplied;
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(snapshotHead, snapshot.iterator());
        indexingWhenApplied =
            CompletableFuture.supplyAsync(
                () -> {
                  deltaThread.set(Thread.currentThread());
                  store.applyDelta(book.entries(version, version + 1), book.head());
                  return store.indexing();
                });
        // the delta and the index build both wait for this thread to let go; whichever goes first,
        // the delta must find the indexes in
        await()
            .atMost(BUILT)
            .until(
                () ->
                    deltaThread.get() != null
                        && store.changeLock().hasQueuedThread(deltaThread.get()));
      } finally {
        store.changeLock().unlock();
      }

      assertThat(indexingWhenApplied.get()).as("still building when the delta was in").isFalse();
      assertThat(store.version()).isEqualTo(version + 1);
      assertThat(indexes()).containsAll(deferredIndexes());
      assertThat(byEmail(store, "p12@example.com")).isEmpty();
      assertThat(byEmail(store, "twelve@example.org")).containsExactly("p12");
      assertThat(byPhone(store, "5551012")).as("the old number").isEmpty();
      assertThat(byName(store, "person 12")).isEmpty();
      assertThat(byName(store, "renamed")).containsExactly("p12");
    }
  }

  @Test
  void aSnapshotExportTakesItsTurnBetweenTwoIndexesInsteadOfAfterAll() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      CompletableFuture<List<String>> builtWhenExported;
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
        await().atMost(BUILT).until(() -> store.changeLock().getQueueLength() == 1);
        builtWhenExported =
            CompletableFuture.supplyAsync(
                () -> {
                  List<String> built = new ArrayList<>();
                  try {
                    store.exportSnapshot(
                        new LocalStore.SnapshotWriter() {
                          @Override
                          public void head(SignedHead head) {
                            // the export holds the lock here: nothing is built meanwhile
                            try {
                              built.addAll(indexes());
                            } catch (SQLException e) {
                              throw new IllegalStateException(e);
                            }
                          }

                          @Override
                          public void contact(String json) {}
                        });
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  return built;
                });
        // the builder first in line, the export behind it
        await().atMost(BUILT).until(() -> store.changeLock().getQueueLength() == 2);
      } finally {
        store.changeLock().unlock();
      }

      List<String> built = builtWhenExported.get();
      assertThat(deferredIndexes().stream().filter(built::contains).count())
          .as("indexes in when the export ran: it was next in line after the first")
          .isEqualTo(1L);
      await().atMost(BUILT).until(() -> !store.indexing());
    }
  }

  @Test
  void aLookupWaitsForTheIndexBeingBuiltWhileTheHeadStaysReadable() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      AtomicReference<Thread> lookupThread = new AtomicReference<>();
      CompletableFuture<List<String>> lookup;
      store.changeLock().lock();
      try {
        // this thread stands for the builder amid an index: H2 holds that table locked
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
        lookup =
            CompletableFuture.supplyAsync(
                () -> {
                  lookupThread.set(Thread.currentThread());
                  return byName(store, "person 12");
                });
        await()
            .atMost(BUILT)
            .until(
                () ->
                    lookupThread.get() != null
                        && store.changeLock().hasQueuedThread(lookupThread.get()));

        assertThat(CompletableFuture.supplyAsync(store::summary).get(1, TimeUnit.MINUTES))
            .isEqualTo(new LocalStore.Summary(book.head().version(), book.contacts.size()));
        assertThat(lookup).isNotDone();
      } finally {
        store.changeLock().unlock();
      }

      assertThat(lookup.get(1, TimeUnit.MINUTES)).containsExactly("p12");
    }
  }

  @Test
  void aCopyWithContactsIsReplacedBySnapshotWhoseIndexesWereBuiltBeforeTheMove()
      throws SQLException {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 10), book.headAt(10));
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

        assertThat(store.version()).isEqualTo(book.head().version());
        assertThat(indexes()).as("built by the load").containsAll(deferredIndexes());
        assertThat(store.indexing()).as("no build asked for: the load made them").isFalse();
      } finally {
        store.changeLock().unlock();
      }
    }
  }

  @Test
  void aStartBuildsTheIndexesABrokenOffBuildLeftOut() throws SQLException {
    try (var store = LocalStore.open(dir, 100)) {
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
      await().atMost(BUILT).until(() -> !store.indexing());
    }
    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.indexing()).as("a start with every index in builds nothing").isFalse();
    }
    // H2 registers an index only once it is built: a build cut short leaves some out
    try (Connection raw = CopyDatabase.connect(dir, CopyDatabase.NAME);
        Statement sql = raw.createStatement()) {
      sql.execute("DROP INDEX contact_phone_reversed");
      sql.execute("DROP INDEX name_token_token");
    }
    assertThat(indexes()).doesNotContain("CONTACT_PHONE_REVERSED", "NAME_TOKEN_TOKEN");

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(byPhone(store, "1012")).as("an extension, index or not").containsExactly("p12");
      await().atMost(BUILT).until(() -> !store.indexing());

      assertThat(indexes()).containsAll(deferredIndexes());
      assertThat(byPhone(store, "1012")).containsExactly("p12");
      assertThat(byName(store, "person 12")).containsExactly("p12");
    }
  }

  @Test
  void closingWhileTheIndexesAreBuiltStopsAndTheNextStartFinishesThem() throws SQLException {
    for (int i = 40; i < 2_000; i++) {
      book.upsert(person(i, "Person " + i, "p" + i + "@example.com", "+41 22 555 " + (1000 + i)));
    }
    var store = LocalStore.open(dir, 100);
    store.changeLock().lock();
    try {
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
    } finally {
      store.changeLock().unlock();
    }
    store.close();

    try (var reopened = LocalStore.open(dir, 100)) {
      assertThat(reopened.version()).isEqualTo(book.head().version());
      await().atMost(BUILT).until(() -> !reopened.indexing());

      assertThat(indexes()).containsAll(deferredIndexes());
      assertThat(byEmail(reopened, "p1999@example.com")).containsExactly("p1999");
      assertThat(byPhone(reopened, "+41 22 555 2999")).containsExactly("p1999");
    }
  }

  /** A name prefix, a name word, an address, a number's start and end, a department; LDAP's too. */
  private static List<List<String>> lookups(LocalStore store) {
    return List.of(
        byName(store, "person 12"),
        byName(store, "12"),
        byEmail(store, "P12@example.com"),
        byPhone(store, "1012"),
        byPhone(store, "+41 22 555 1012"),
        ids(store.search(new LocalStore.Search(null, null, null, "dept 0"), 10)),
        candidates(store, new Candidates.EmailEquals("p12@example.com")),
        candidates(store, Candidates.phoneNumber("+41 22 555 101")));
  }

  private static List<String> byName(LocalStore store, String prefix) {
    return ids(store.search(new LocalStore.Search(prefix, null, null, null), 10));
  }

  private static List<String> byEmail(LocalStore store, String email) {
    return ids(store.search(new LocalStore.Search(null, email, null, null), 10));
  }

  private static List<String> byPhone(LocalStore store, String number) {
    return ids(store.search(new LocalStore.Search(null, null, number, null), 10));
  }

  private static List<String> candidates(LocalStore store, Candidates candidates) {
    List<String> ids = new ArrayList<>();
    CandidatePages pages = store.candidates(candidates, null);
    while (pages.hasNext()) {
      pages.next(100).forEach(contact -> ids.add(contact.id()));
    }
    return ids;
  }

  private static List<String> ids(List<ContactDto> contacts) {
    return contacts.stream().map(ContactDto::id).sorted().toList();
  }

  private static ContactDto person(int i, String name, String email, String phone) {
    return CandidatesTest.contact("p" + i, name, email, "Dept " + i % 10, phone);
  }

  private static List<String> deferredIndexes() {
    return StoreSchema.INDEX_NAMES;
  }

  private List<String> indexes() throws SQLException {
    try (Connection raw = CopyDatabase.reader(dir);
        Statement sql = raw.createStatement();
        ResultSet rs = sql.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
