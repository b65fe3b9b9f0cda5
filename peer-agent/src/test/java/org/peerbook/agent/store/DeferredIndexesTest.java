package org.peerbook.agent.store;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;

/**
 * A first sync's copy goes live before its search indexes are built: lookups answer meanwhile (by
 * reading the contacts), changes wait for them, and a build a stop broke off is done again at the
 * next start. The tests hold the store's change lock to keep a build back: every run of keys is
 * written holding it.
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
  void aSnapshotsCopyAnswersEveryKindOfLookupBeforeItsIndexesAreInAndTheSameAfter() {
    try (var store = LocalStore.open(dir, 100)) {
      List<List<String>> before;
      List<String> candidatesBefore;
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

        assertThat(store.indexing()).isTrue();
        assertThat(indexKeys(store)).isEmpty();
        before = lookups(store);
        candidatesBefore = candidates(store, new Candidates.EmailEquals("p12@example.com"));
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
              List.of("p0", "p10", "p20", "p30"));
      assertThat(candidatesBefore)
          .as("nothing narrowed yet: every contact, which the directory checks one by one")
          .hasSize(book.contacts.size());

      await().atMost(BUILT).until(() -> !store.indexing());

      assertThat(indexKeys(store)).isEqualTo(keysOfTheBook());
      assertThat(lookups(store)).isEqualTo(before);
      assertThat(candidates(store, new Candidates.EmailEquals("p12@example.com")))
          .containsExactly("p12");
      assertThat(candidates(store, Candidates.phoneNumber("+41 22 555 101")))
          .containsExactly("p10", "p11", "p12", "p13", "p14", "p15", "p16", "p17", "p18", "p19");
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
      assertThat(indexKeys(store)).isEqualTo(keysOfTheBook());
      assertThat(byEmail(store, "p12@example.com")).isEmpty();
      assertThat(byEmail(store, "twelve@example.org")).containsExactly("p12");
      assertThat(byPhone(store, "5551012")).as("the old number").isEmpty();
      assertThat(byName(store, "person 12")).isEmpty();
      assertThat(byName(store, "renamed")).containsExactly("p12");
    }
  }

  @Test
  void aSnapshotExportAndALookupAnswerWhileTheBuildIsHeldBack() throws Exception {
    try (var store = LocalStore.open(dir, 100)) {
      store.changeLock().lock();
      try {
        // this thread stands for a change being written: the build waits behind it
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

        assertThat(CompletableFuture.supplyAsync(() -> byName(store, "person 12")).get(1, MINUTES))
            .containsExactly("p12");
        assertThat(
                CompletableFuture.supplyAsync(() -> LocalStoreTest.exported(store)).get(1, MINUTES))
            .containsExactlyElementsOf(book.contacts.values());
        assertThat(CompletableFuture.supplyAsync(store::summary).get(1, MINUTES))
            .isEqualTo(new LocalStore.Summary(book.head().version(), book.contacts.size()));
        assertThat(store.indexing()).isTrue();
      } finally {
        store.changeLock().unlock();
      }
      await().atMost(BUILT).until(() -> !store.indexing());
    }
  }

  @Test
  void aCopyWithContactsIsReplacedBySnapshotWhoseIndexesWereBuiltBeforeTheMove() {
    try (var store = LocalStore.open(dir, 100)) {
      store.applyDelta(book.entries(0, 10), book.headAt(10));
      store.changeLock().lock();
      try {
        store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());

        assertThat(store.version()).isEqualTo(book.head().version());
        assertThat(indexKeys(store)).as("built by the load").isEqualTo(keysOfTheBook());
        assertThat(store.indexing()).as("no build asked for: the load made them").isFalse();
      } finally {
        store.changeLock().unlock();
      }
    }
  }

  @Test
  void aStartBuildsTheIndexesABrokenOffBuildLeftOut() {
    try (var store = LocalStore.open(dir, 100)) {
      store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
      await().atMost(BUILT).until(() -> !store.indexing());
    }
    try (var store = LocalStore.open(dir, 100)) {
      assertThat(store.indexing()).as("a start with every index in builds nothing").isFalse();
    }
    // what a build cut short leaves: some keys, and the copy marked as lacking its indexes
    try (CopyMaps maps = CopyMaps.open(dir.resolve(LocalStore.FILE), 1)) {
      maps.written().index(SearchIndex.PHONE_REVERSED).clear();
      maps.written().index(SearchIndex.NAME_WORD).clear();
      MapHead.indexing(maps.written().head(), true);
      maps.commit();
    }

    try (var store = LocalStore.open(dir, 100)) {
      assertThat(byPhone(store, "1012")).as("an extension, index or not").containsExactly("p12");
      await().atMost(BUILT).until(() -> !store.indexing());

      assertThat(indexKeys(store)).isEqualTo(keysOfTheBook());
      assertThat(byPhone(store, "1012")).containsExactly("p12");
      assertThat(byName(store, "person 12")).containsExactly("p12");
    }
  }

  @Test
  void closingWhileTheIndexesAreBuiltStopsAndTheNextStartFinishesThem() {
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

      assertThat(indexKeys(reopened)).isEqualTo(keysOfTheBook());
      assertThat(byEmail(reopened, "p1999@example.com")).containsExactly("p1999");
      assertThat(byPhone(reopened, "+41 22 555 2999")).containsExactly("p1999");
    }
  }

  /** A name prefix, a name word, an address, a number's start and end, a department. */
  private static List<List<String>> lookups(LocalStore store) {
    return List.of(
        byName(store, "person 12"),
        byName(store, "12"),
        byEmail(store, "P12@example.com"),
        byPhone(store, "1012"),
        byPhone(store, "+41 22 555 1012"),
        ids(store.search(new LocalStore.Search(null, null, null, "dept 0"), 10)));
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

  /** Every key in the copy's index maps, by index, as its last commit left them. */
  private static Map<SearchIndex, Set<String>> indexKeys(LocalStore store) {
    return store
        .reads()
        .read(
            maps -> {
              Map<SearchIndex, Set<String>> keys = new EnumMap<>(SearchIndex.class);
              for (SearchIndex index : SearchIndex.values()) {
                if (!maps.index(index).isEmpty()) {
                  keys.put(index, new TreeSet<>(maps.index(index).keySet()));
                }
              }
              return keys;
            });
  }

  /** The keys the book's contacts make ({@link ContactKeys}). */
  private Map<SearchIndex, Set<String>> keysOfTheBook() {
    Map<SearchIndex, Set<String>> keys = new EnumMap<>(SearchIndex.class);
    for (ContactDto contact : book.contacts.values()) {
      ContactKeys made = ContactKeys.of(contact);
      for (SearchIndex index : SearchIndex.values()) {
        if (!made.in(index).isEmpty()) {
          keys.computeIfAbsent(index, i -> new TreeSet<>()).addAll(made.in(index));
        }
      }
    }
    return keys;
  }
}
