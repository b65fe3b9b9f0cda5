package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.WireJson;

class LocalStoreTest {
  @TempDir Path dir;
  private final TestBook book = new TestBook();

  /** Carl Cello in Music, with a number in international form: the book's contact "c". */
  static final ContactDto CARL =
      new ContactDto(
          "c",
          "Carl Cello",
          "Carl",
          "Cello",
          List.of("Carl@Example.com"),
          List.of(new PhoneDto("work", "+41 (22) 555-0100")),
          null,
          "Music",
          null,
          null,
          null,
          java.util.Map.of());

  @BeforeEach
  void write() {
    book.upsert(TestBook.contact("a", "Ångström Anna"))
        .upsert(TestBook.contact("b", "张伟"))
        .upsert(CARL)
        .delete("a");
  }

  @Test
  void aContactChangedSeveralTimesInOneDeltaEndsAsItsLastEntrySaysAndIsFoundByItsNewWordsOnly() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());
      book.upsert(TestBook.contact("b", "Bertha Brandt"))
          .upsert(TestBook.contact("b", "Bertha Weber"))
          .delete("c")
          .upsert(TestBook.contact("c", "Clara Cello"))
          .upsert(TestBook.contact("d", "Dora"))
          .delete("d");

      store.applyDelta(book.entries(4, 10), book.head());

      assertThat(store.version()).isEqualTo(10);
      assertThat(store.contact("b")).contains(book.contacts.get("b"));
      assertThat(store.contact("d")).isEmpty();
      assertThat(names(store.search(new LocalStore.Search("weber", null, null, null), 10)))
          .containsExactly("Bertha Weber");
      assertThat(store.search(new LocalStore.Search("brandt", null, null, null), 10)).isEmpty();
      assertThat(store.search(new LocalStore.Search("张", null, null, null), 10)).isEmpty();
      assertThat(names(store.search(new LocalStore.Search("cello", null, null, null), 10)))
          .containsExactly("Clara Cello");
      assertThat(store.search(new LocalStore.Search(null, "carl@example.com", null, null), 10))
          .as("c's old address went with it")
          .isEmpty();
      assertThat(store.search(new LocalStore.Search(null, null, "555", null), 10)).isEmpty();
      assertThat(store.count()).isEqualTo(2);
    }
  }

  @Test
  void keepsTheNewestRetainedEntriesOfADeltaLongerThanTheLogAndTrimsTheOldOnes() {
    try (var store = LocalStore.open(dir, 3)) {
      store.applyDelta(book.entries(0, 2), book.headAt(2));
      store.applyDelta(book.entries(2, 4), book.headAt(4));
      assertThat(versions(store.entriesAfter(0, 4, 100))).containsExactly(2L, 3L, 4L);

      for (int i = 0; i < 6; i++) {
        book.upsert(TestBook.contact("n" + i, "New " + i));
      }
      store.applyDelta(book.entries(4, 10), book.head());

      assertThat(versions(store.entriesAfter(0, 10, 100))).containsExactly(8L, 9L, 10L);
      assertThat(store.hashAt(7)).contains(book.log.get(6).hash());
      assertThat(store.contact("n0")).contains(book.contacts.get("n0"));
    }
  }

  private static List<Long> versions(List<org.peerbook.protocol.ChangeEntry> entries) {
    return entries.stream().map(org.peerbook.protocol.ChangeEntry::version).toList();
  }

  @Test
  void refusesEntriesThatDoNotStartWhereTheCopyIsAndChangesNothing() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());
      List<org.peerbook.protocol.ChangeEntry> verifiedFromZero = book.entries(0, 4);
      book.upsert(TestBook.contact("e", "Emil Ernst"));

      // the same entries again, as a second sync that verified them from version 0 would apply
      assertThatThrownBy(() -> store.applyDelta(verifiedFromZero, book.headAt(4)))
          .isInstanceOf(CopyMovedException.class)
          .hasMessageContaining("from version 0")
          .hasMessageContaining("now at 4");
      assertThatThrownBy(() -> store.applyDelta(book.entries(4, 5).subList(0, 0), book.head()))
          .isInstanceOf(CopyMovedException.class);

      assertThat(store.version()).isEqualTo(4);
      store.applyDelta(book.entries(4, 5), book.head());
      assertThat(store.version()).isEqualTo(5);
      assertThat(store.contact("e")).contains(book.contacts.get("e"));
    }
  }

  @Test
  void aChangeThatLeavesTheNameKeepsTheContactFoundByIt() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());
      ContactDto cello = book.contacts.get("c");
      book.upsert(
          new ContactDto(
              "c",
              cello.displayName(),
              cello.givenName(),
              cello.familyName(),
              cello.emails(),
              cello.phones(),
              null,
              "Strings",
              null,
              null,
              null,
              java.util.Map.of()));

      store.applyDelta(book.entries(4, 5), book.head());

      assertThat(names(store.search(new LocalStore.Search("cel", null, null, null), 10)))
          .containsExactly("Carl Cello");
      assertThat(store.search(new LocalStore.Search(null, null, null, "strings"), 10)).hasSize(1);
      assertThat(store.search(new LocalStore.Search(null, null, null, "music"), 10)).isEmpty();
    }
  }

  @Test
  void searchesAnswerEachContactOnceInNameOrder() {
    book.upsert(TestBook.contact("d", "Zoe Zimmer"))
        .upsert(TestBook.contact("e", "Cara Carlsson"))
        .upsert(TestBook.contact("f", "Adam Ant"));
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 7), book.head());

      // every word of "Cara Carlsson" is in the range, and its whole name too
      assertThat(names(store.search(new LocalStore.Search("car", null, null, null), 10)))
          .containsExactly("Cara Carlsson", "Carl Cello");
      assertThat(names(store.search(new LocalStore.Search(null, null, null, "dept"), 10)))
          .containsExactly("Adam Ant", "Cara Carlsson", "Zoe Zimmer", "张伟");
      assertThat(names(store.search(new LocalStore.Search(null, null, null, "dept"), 2)))
          .containsExactly("Adam Ant", "Cara Carlsson");
      assertThat(names(store.search(new LocalStore.Search(null, "e@example.com", null, null), 10)))
          .containsExactly("Cara Carlsson");
      // a name within a department: Carl Cello is in Music
      assertThat(names(store.search(new LocalStore.Search("car", null, null, "dept"), 10)))
          .containsExactly("Cara Carlsson");
      assertThat(names(store.search(new LocalStore.Search("car", null, null, "music"), 10)))
          .containsExactly("Carl Cello");
    }
  }

  @Test
  void aPrefixManyWordsOfEachContactShareGivesTheFirstContactsByNameOnceEach() {
    // six words in the range per contact (the whole name and its five words): the word index
    // holds each contact six times, and the page must still be 5 contacts, in name order
    for (int i = 0; i < 30; i++) {
      book.upsert(
          TestBook.contact("n" + i, "Ann Anne Anna Annabel Annika " + (char) ('z' - i % 26) + i));
    }
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 34), book.head());

      List<String> all = names(store.search(new LocalStore.Search("ann", null, null, null), 100));
      assertThat(all).hasSize(30).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
      assertThat(names(store.search(new LocalStore.Search("ANN", null, null, null), 5)))
          .containsExactlyElementsOf(all.subList(0, 5));

      // renamed: it moves to where its new name sorts
      book.upsert(TestBook.contact("n5", "Ann Anne Anna Annabel Annika a"));
      store.applyDelta(book.entries(34, 35), book.head());
      assertThat(store.search(new LocalStore.Search("anna", null, null, null), 1))
          .extracting(ContactDto::id)
          .containsExactly("n5");
    }
  }

  @Test
  void aNewNameMadeOfTheSameWordsMovesTheContactInTheOrder() {
    book.upsert(named("x", "Zed", "Ann")).upsert(named("y", "Mia", "Zed"));
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 6), book.head());
      assertThat(names(store.search(new LocalStore.Search("zed", null, null, null), 10)))
          .containsExactly("Mia", "Zed");

      // the words stay {ann, zed}; the name goes from "zed ann" to "ann zed"
      book.upsert(named("x", "Ann", "Zed"));
      store.applyDelta(book.entries(6, 7), book.head());

      assertThat(names(store.search(new LocalStore.Search("zed", null, null, null), 10)))
          .containsExactly("Ann", "Mia");
    }
  }

  private static ContactDto named(String id, String displayName, String givenName) {
    return new ContactDto(
        id,
        displayName,
        givenName,
        null,
        List.of(),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        java.util.Map.of());
  }

  /** Carl's work number is +41 (22) 555-0100; Dora gets two. */
  @Test
  void findsANumberByItsStartItsEndOrACallersNationalFormButNotByItsMiddle() {
    book.upsert(withPhones("d", "Dora", "+41 22 555 0199", "0100"))
        .upsert(withPhones("f", "Fritz", "+41 22 555 1199"));
    try (var store = LocalStore.open(dir, 100)) {
      // a snapshot's load makes the phone index after its rows, a delta keeps it up to date
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

      assertThat(byPhone(store, "+41 22 555")).containsExactly("Carl Cello", "Dora", "Fritz");
      assertThat(byPhone(store, "+41 22 555 01")).containsExactly("Carl Cello", "Dora");
      assertThat(byPhone(store, "+41225550100")).containsExactly("Carl Cello");
      assertThat(byPhone(store, "0100")).as("an extension").containsExactly("Carl Cello", "Dora");
      assertThat(byPhone(store, "022 555 01 00"))
          .as("a caller's number in national form")
          .containsExactly("Carl Cello");
      assertThat(byPhone(store, "0041 22 555 0199")).containsExactly("Dora");
      assertThat(byPhone(store, "555")).as("a number's middle").isEmpty();
      assertThat(byPhone(store, "0199")).as("an extension's zero counts").containsExactly("Dora");
      assertThat(byPhone(store, "199")).containsExactly("Dora", "Fritz");
      assertThat(byPhone(store, "+1 33 555 0100")).isEmpty();
      assertThat(store.search(new LocalStore.Search("carl", null, "0100", null), 10))
          .extracting(ContactDto::displayName)
          .containsExactly("Carl Cello");
      assertThat(store.search(new LocalStore.Search(null, null, "0100", "music"), 10))
          .extracting(ContactDto::displayName)
          .containsExactly("Carl Cello");
      assertThatThrownBy(() -> byPhone(store, "(-)"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one digit");

      long version = store.version();
      book.upsert(withPhones("c", "Carl Cello", "+41 22 555 0300"))
          .upsert(withPhones("d", "Dora", "0100", "0100 "))
          .upsert(withPhones("e", "Emil", "+41 22 555 0100"));
      store.applyDelta(book.entries(version, version + 3), book.head());

      assertThat(byPhone(store, "+41 22 555 01")).containsExactly("Emil");
      assertThat(byPhone(store, "0300")).containsExactly("Carl Cello");
      assertThat(byPhone(store, "0100")).containsExactly("Dora", "Emil");
      book.delete("e");
      store.applyDelta(book.entries(version + 3, version + 4), book.head());
      assertThat(byPhone(store, "0100")).containsExactly("Dora");
    }
  }

  private static ContactDto withPhones(String id, String name, String... numbers) {
    return new ContactDto(
        id,
        name,
        null,
        null,
        List.of(),
        java.util.Arrays.stream(numbers).map(number -> new PhoneDto("work", number)).toList(),
        null,
        "Dept",
        null,
        null,
        null,
        java.util.Map.of());
  }

  private static List<String> byPhone(LocalStore store, String number) {
    return names(store.search(new LocalStore.Search(null, null, number, null), 10));
  }

  private static List<String> names(List<ContactDto> contacts) {
    return contacts.stream().map(ContactDto::displayName).toList();
  }

  @Test
  void appliesADeltaAndRemembersItAcrossARestart() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());
    }
    try (var reopened = LocalStore.open(dir, 100)) {
      assertThat(reopened.version()).isEqualTo(4);
      assertThat(reopened.headHash()).isEqualTo(book.head().hash());
      assertThat(reopened.contact("a")).isEmpty();
      assertThat(reopened.contact("b")).contains(book.contacts.get("b"));
      assertThat(reopened.hashAt(2)).contains(book.log.get(1).hash());
      assertThat(reopened.entriesAfter(2, 4, 10)).isEqualTo(book.entries(2, 4));
    }
  }

  @Test
  void readsTheHeadItJustCommittedWhileLookupsReadBesideIt() throws Exception {
    TestBook growing = new TestBook();
    try (var store = LocalStore.open(dir, 100)) {
      AtomicBoolean reading = new AtomicBoolean(true);
      // lookups read the copy all the time on other threads, as a serving agent's do
      Thread lookups =
          new Thread(
              () -> {
                while (reading.get()) {
                  store.version();
                }
              });
      lookups.start();
      List<String> stale = new ArrayList<>();
      try {
        for (int i = 1; i <= 1_000; i++) {
          growing.upsert(TestBook.contact("c" + i, "Name " + i));
          store.applyDelta(growing.entries(i - 1, i), growing.head());
          long read = store.version();
          if (read != i) {
            stale.add("committed " + i + ", read " + read);
          }
        }
      } finally {
        reading.set(false);
        lookups.join();
      }
      assertThat(stale).isEmpty();
    }
  }

  @Test
  void holdsTextsAtTheirLengthLimitThatLowerCaseWouldLengthen() {
    // "İ" lower-cased in full is two characters: 256 of them must still fit the department column
    String dotted = "İ".repeat(256);
    TestBook longTexts =
        new TestBook()
            .upsert(
                new ContactDto(
                    "d",
                    dotted,
                    null,
                    null,
                    List.of("İ".repeat(240) + "@example.com"),
                    List.of(),
                    null,
                    dotted,
                    null,
                    null,
                    null,
                    java.util.Map.of()));
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(longTexts.entries(0, 1), longTexts.head());

      assertThat(store.version()).isEqualTo(1);
      assertThat(store.search(new LocalStore.Search(null, null, null, "i".repeat(256)), 10))
          .extracting(ContactDto::id)
          .containsExactly("d");
    }
  }

  @Test
  void refusesADeltaThatWouldNotGiveTheSignedBookAndKeepsTheCopyAsItWas() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 2), book.headAt(2));

      // entries 3 and 4 claimed to lead to head 2's state: the digest cannot match
      assertThatThrownBy(() -> store.applyDelta(book.entries(2, 4), book.headAt(2)))
          .isInstanceOf(StoreException.class);

      assertThat(store.version()).isEqualTo(2);
      assertThat(store.contact("c")).isEmpty();
      assertThat(store.contact("a")).isPresent();
      assertThat(store.entriesAfter(2, 10, 10)).isEmpty();
    }
  }

  @Test
  void replacesTheWholeCopyWithASnapshot() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 1), book.headAt(1));
      int applied = store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

      assertThat(applied).isEqualTo(2);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(4, 2));
      assertThat(store.contact("a")).isEmpty();
      assertThat(store.hashAt(4)).contains(book.head().hash());
      assertThat(exported(store)).containsExactlyElementsOf(book.contacts.values());
    }
    assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    try (var reopened = LocalStore.open(dir, 100)) {
      assertThat(reopened.summary()).isEqualTo(new LocalStore.Summary(4, 2));
      assertThat(reopened.search(new LocalStore.Search("cel", null, null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(reopened.search(new LocalStore.Search(null, "carl@example.com", null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
    }
    // the indexes, built by the load, hold the keys of every contact and nothing else
    try (CopyMaps maps = CopyMaps.open(dir.resolve(LocalStore.FILE), 1)) {
      for (SearchIndex index : SearchIndex.values()) {
        java.util.Set<String> expected = new java.util.TreeSet<>();
        book.contacts.values().forEach(c -> expected.addAll(ContactKeys.of(c).in(index)));
        assertThat(maps.written().index(index).keySet())
            .as(index.name())
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aCopyAnOlderAgentKeptInSqlTablesIsReadIntoTheFileOnceAndAnswersAsBefore() throws Exception {
    try (var fixture = getClass().getResourceAsStream("old-copy/copy.mv.db")) {
      java.nio.file.Files.copy(fixture, dir.resolve("copy.mv.db"));
    }
    TestBook old = OldSqlCopyTest.fixtureBook();

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(dir.resolve("copy.mv.db")).doesNotExist();
      assertThat(store.summary())
          .isEqualTo(new LocalStore.Summary(old.head().version(), old.contacts.size()));
      assertThat(store.headHash()).isEqualTo(old.head().hash());
      assertThat(store.entriesAfter(7, 9, 10)).containsExactlyElementsOf(old.entries(7, 9));
      await().atMost(java.time.Duration.ofMinutes(1)).until(() -> !store.indexing());
      assertThat(store.search(new LocalStore.Search("cel", null, null, null), 10))
          .containsExactly(old.contacts.get("c"));
      assertThat(store.search(new LocalStore.Search(null, null, "0795550101", null), 10))
          .containsExactly(old.contacts.get("c"));
    }
    try (var reopened = LocalStore.open(dir, 100)) {
      assertThat(reopened.version()).as("read once, kept").isEqualTo(old.head().version());
      assertThat(reopened.indexing()).isFalse();
    }
  }

  @Test
  void aSnapshotLoadThatACrashCutShortIsDeletedAtTheNextStartAndTheCopyIsAsItWas()
      throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 1), book.headAt(1));
    }
    // what a kill -9 half-way through a load leaves beside the copy
    try (var half = CopyMaps.open(dir.resolve(LocalStore.NEXT_FILE), 1)) {
      half.written().contacts().put("x", StoredJson.bytes("{}"));
      half.commit();
    }
    assertThat(dir.resolve("copy-next.mvstore")).exists();

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(1, 1));
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(4, 2));
    }
  }

  @Test
  void keepsTheCopyWhenAnotherSyncTookItToTheSnapshotsVersionDuringTheLoad() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      var pausing = new PausingIterator<>(book.contacts.values().iterator(), 2);
      var loading =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> store.replaceWithSnapshot(book.head(), pausing));
      pausing.awaitPause();
      store.applyDelta(book.entries(0, 4), book.head());
      pausing.release();

      assertThat(loading.get()).isEqualTo(2);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(4, 2));
      // the delta's log is still there to serve peers: the snapshot did not replace the copy
      assertThat(store.entriesAfter(0, 4, 10)).hasSize(4);
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    }
  }

  @Test
  void keepsTheCopyItHadWhenASnapshotBreaksOffHalfWay() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 1), book.headAt(1));
      Iterator<ContactDto> breaking =
          new Iterator<>() {
            private final Iterator<ContactDto> contacts = book.contacts.values().iterator();

            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public ContactDto next() {
              if (contacts.hasNext()) {
                return contacts.next();
              }
              throw new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
            }
          };

      assertThatThrownBy(() -> store.replaceWithSnapshot(book.head(), breaking))
          .isInstanceOf(java.io.UncheckedIOException.class);

      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(1, 1));
      assertThat(store.contact("a")).isPresent();
      assertThat(store.entriesAfter(0, 1, 10)).hasSize(1);
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    }
  }

  @Test
  void aRowTheDatabaseRefusesFailsTheLoadAndKeepsTheCopy() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 1), book.headAt(1));
      List<ContactDto> twice = new ArrayList<>(book.contacts.values());
      twice.add(book.contacts.get("b"));

      // the same id twice: the primary key refuses it
      assertThatThrownBy(() -> store.replaceWithSnapshot(book.head(), twice.iterator()))
          .isInstanceOf(StoreException.class);

      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(1, 1));
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    }
  }

  @Test
  void aSnapshotBrokenOffAfterManyBatchesLeavesNothing() {
    try (var store = LocalStore.open(dir, 100)) {
      Iterator<ContactDto> manyThenReset =
          new Iterator<>() {
            private int handedOut;

            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public ContactDto next() {
              if (handedOut == 25_000) {
                throw new java.io.UncheckedIOException(new java.io.IOException("reset"));
              }
              return TestBook.contact(String.format("c%06d", handedOut++), "Someone");
            }
          };

      assertThatThrownBy(() -> store.replaceWithSnapshot(book.head(), manyThenReset))
          .isInstanceOf(java.io.UncheckedIOException.class);

      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(0, 0));
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    }
  }

  @Test
  void answersLookupsFromTheLastVersionWhileASnapshotIsBeingApplied() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 1), book.headAt(1));
      var pausing = new PausingIterator<>(book.contacts.values().iterator(), 2);
      var applying =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> store.replaceWithSnapshot(book.head(), pausing));
      pausing.awaitPause();

      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(1, 1));
      assertThat(store.search(new LocalStore.Search("ann", null, null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("a");
      pausing.release();
      assertThat(applying.get()).isEqualTo(2);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(4, 2));
    }
  }

  @Test
  void aLargeDeltaWhoseDigestIsSummedOnASecondThreadEndsAtTheSignedBookOrChangesNothing() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());
      // 300 new contacts, each changed again later in the delta; every third deleted at the end
      for (int i = 0; i < 300; i++) {
        book.upsert(TestBook.contact("n" + i, "New " + i));
      }
      for (int i = 0; i < 300; i++) {
        book.upsert(TestBook.contact("n" + i, "Renamed " + i));
      }
      for (int i = 0; i < 300; i += 3) {
        book.delete("n" + i);
      }
      List<ChangeEntry> delta = book.entries(4, book.log.size());
      assertThat(delta).hasSizeGreaterThan(256);
      // a genuine head, but one entry short of the delta: its state digest is not what the delta
      // makes
      SignedHead oneBehind = book.headAt(4 + delta.size() - 1);

      assertThatThrownBy(() -> store.applyDelta(delta, oneBehind))
          .isInstanceOf(StoreException.class);
      assertThat(store.version()).isEqualTo(4);
      assertThat(store.summary().contacts()).isEqualTo(2);

      store.applyDelta(delta, book.head());

      assertThat(store.version()).isEqualTo(book.log.size());
      assertThat(exported(store)).containsExactlyElementsOf(book.contacts.values());
    }
  }

  @Test
  void refusesASnapshotThatIsNotTheSignedBook() {
    try (var store = LocalStore.open(dir, 100)) {
      List<ContactDto> partial = List.copyOf(book.contacts.values()).subList(0, 1);

      assertThatThrownBy(() -> store.replaceWithSnapshot(book.head(), partial.iterator()))
          .isInstanceOf(StoreException.class);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(0, 0));
      assertThat(dir.resolve("copy-next.mvstore")).doesNotExist();
    }
  }

  static List<ContactDto> exported(LocalStore store) {
    List<String> json = new ArrayList<>();
    try {
      store.exportSnapshot(
          new LocalStore.SnapshotWriter() {
            @Override
            public void head(SignedHead head) {}

            @Override
            public void contact(String contact) {
              json.add(contact);
            }
          });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return json.stream()
        .map(
            text ->
                ContactJson.read(
                    WireJson.parse(
                        new java.io.ByteArrayInputStream(
                            text.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    "",
                    true))
        .toList();
  }

  @Test
  void searchesCaseInsensitivelyInAnyScript() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 4), book.head());

      assertThat(store.search(new LocalStore.Search("张", null, null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("b");
      assertThat(store.search(new LocalStore.Search("CARL", null, null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(store.search(new LocalStore.Search("cello", null, null, null), 10))
          .as("family name prefix")
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(store.search(new LocalStore.Search(null, "carl@example.COM", null, null), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(store.search(new LocalStore.Search(null, null, "5550100", null), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(store.search(new LocalStore.Search(null, null, null, "MUSIC"), 10))
          .extracting(ContactDto::id)
          .containsExactly("c");
      assertThat(store.search(new LocalStore.Search("%", null, null, null), 10)).isEmpty();
    }
  }

  @Test
  void keepsOnlyTheConfiguredWindowOfTheLog() {
    try (var store = LocalStore.open(dir, 2)) {
      store.applyDelta(book.entries(0, 4), book.head());

      assertThat(store.entriesAfter(0, 4, 10)).extracting(e -> e.version()).containsExactly(3L, 4L);
      assertThat(store.hashAt(2)).as("from entry 3's predecessor").contains(book.log.get(1).hash());
      assertThat(store.hashAt(1)).isEmpty();
      assertThat(store.hashAt(0)).isEmpty();
    }
  }

  @Test
  void startsEmptyAtVersionZero() throws java.io.IOException {
    try (var store = LocalStore.open(dir, 10)) {
      assertThat(store.version()).isZero();
      assertThat(store.headHash()).isEqualTo(Hashes.ZERO);
      assertThat(store.head()).isEmpty();
      assertThat(store.exportSnapshot(null)).as("nothing to export").isFalse();
    }
  }
}
