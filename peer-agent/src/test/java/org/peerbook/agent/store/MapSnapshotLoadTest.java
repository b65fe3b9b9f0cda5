package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.SignedHead;

class MapSnapshotLoadTest {
  /** More than one batch of the load's commits. */
  private static final int MANY = 12_000;

  private static final TestBook BOOK = new TestBook();

  @TempDir Path dir;

  @BeforeAll
  static void write() {
    for (int i = 0; i < MANY; i++) {
      BOOK.upsert(person(i));
    }
    BOOK.delete("p17");
  }

  @Test
  void aLoadHoldsEveryContactTheHeadAndEachContactsKeysInEveryIndex() {
    Path file = dir.resolve("copy.mvstore");

    int count = load(file, true);

    assertThat(count).isEqualTo(MANY - 1);
    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(MapHead.signed(maps.written().head())).contains(BOOK.head());
      assertThat(MapHead.contacts(maps.written().head())).isEqualTo(MANY - 1);
      assertThat(MapHead.lanes(maps.written().head()).digest())
          .isEqualTo(BOOK.head().stateDigest());
      assertThat(MapHead.indexed(maps.written().head())).isTrue();
      assertThat(List.copyOf(maps.written().contacts().keySet()))
          .isEqualTo(List.copyOf(BOOK.contacts.keySet()));
      assertThat(StoredJson.contact(maps.written().contacts().get("p42")))
          .isEqualTo(BOOK.contacts.get("p42"));
      assertHasTheKeysOf(maps, BOOK.contacts.values());
    }
  }

  @Test
  void aLoadWithoutIndexesSaysTheyAreDueAndTheirBuildMakesTheSameMaps() {
    Path file = dir.resolve("copy.mvstore");
    load(file, false);

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(MapHead.indexed(maps.written().head())).isFalse();
      assertThat(MapHead.contacts(maps.written().head())).isEqualTo(MANY - 1);
      for (SearchIndex index : SearchIndex.values()) {
        assertThat(maps.written().index(index)).as("%s", index).isEmpty();
      }

      assertThat(MapIndexBuild.build(maps, new ReentrantLock(), () -> false)).isTrue();
    }

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(MapHead.indexed(maps.written().head())).isTrue();
      assertHasTheKeysOf(maps, BOOK.contacts.values());
    }
  }

  @Test
  void contactsThatAreNotTheSignedBookLeaveNoFile() {
    Path file = dir.resolve("copy.mvstore");
    SignedHead head = BOOK.head();
    SignedHead wrong =
        new SignedHead(head.version(), head.hash(), BOOK.headAt(3).stateDigest(), head.signature());

    assertThatThrownBy(
            () ->
                MapSnapshotLoad.load(file, wrong, BOOK.contacts.values().iterator(), null, true, 4))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("differ from the signed book at " + head.version());

    assertThat(file).doesNotExist();
  }

  @Test
  void aRefusalHalfWayLeavesNoFileAndThrowsAsTheContactsDid() throws Exception {
    Path file = dir.resolve("copy.mvstore");
    Files.writeString(file, "a load broken off before");
    IllegalStateException refused = new IllegalStateException("a forged contact");
    Iterator<ContactDto> contacts = BOOK.contacts.values().iterator();
    Iterator<ContactDto> refusing =
        new Iterator<>() {
          private int handedOut;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public ContactDto next() {
            if (++handedOut > MANY * 9 / 10) {
              throw refused;
            }
            return contacts.next();
          }
        };

    assertThatThrownBy(() -> MapSnapshotLoad.load(file, BOOK.head(), refusing, null, false, 4))
        .isSameAs(refused);

    assertThat(file).doesNotExist();
  }

  /**
   * Stopped while the contacts are read (the lock free) or between two batches of writes (the lock
   * held once, by the build alone).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aBuildStoppedSaysSoAndTheNextBuildsEverythingAgain(boolean whileWriting) {
    TestBook small = new TestBook();
    for (int i = 0; i < 100; i++) {
      small.upsert(person(i));
    }
    Path file = dir.resolve("copy.mvstore");
    MapSnapshotLoad.load(file, small.head(), small.contacts.values().iterator(), null, false, 4);
    ReentrantLock changes = new ReentrantLock();
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      // a key no contact has: what an earlier build of other contacts might have left
      maps.written().index(SearchIndex.NAME).put("nobody\0x", "");
      maps.commit();

      boolean built =
          MapIndexBuild.build(
              maps,
              changes,
              () -> changes.getHoldCount() == (whileWriting ? 1 : 0) && asked.incrementAndGet() > 2,
              50);

      assertThat(built).isFalse();
      assertThat(changes.isLocked()).isFalse();
      assertThat(MapHead.indexed(maps.written().head())).isFalse();
      assertThat(maps.written().index(SearchIndex.NAME).containsKey("nobody\0x"))
          .as("cleared by the first batch")
          .isEqualTo(!whileWriting);

      boolean builtAgain =
          MapIndexBuild.build(
              maps, changes, () -> changes.isLocked() && batches.incrementAndGet() < 0, 50);

      assertThat(builtAgain).isTrue();
      assertThat(batches.get()).as("batches of 50 keys").isGreaterThan(10);
    }

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(MapHead.indexed(maps.written().head())).isTrue();
      assertHasTheKeysOf(maps, small.contacts.values());
    }
  }

  @Test
  void aBuildMarksEachIndexDoneInTheCommitOfItsLastKeys() {
    TestBook small = new TestBook();
    for (int i = 0; i < 100; i++) {
      small.upsert(person(i));
    }
    Path file = dir.resolve("copy.mvstore");
    MapSnapshotLoad.load(file, small.head(), small.contacts.values().iterator(), null, false, 4);

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      // stopped as soon as the first index is done
      boolean built =
          MapIndexBuild.build(
              maps,
              new ReentrantLock(),
              () -> MapHead.built(maps.written().head(), SearchIndex.NAME),
              50);

      assertThat(built).isFalse();
      var head = maps.written().head();
      assertThat(MapHead.indexed(head)).isFalse();
      assertThat(MapHead.built(head, SearchIndex.NAME)).isTrue();
      assertThat(MapHead.built(head, SearchIndex.NAME_WORD)).isFalse();
      assertThat(MapHead.built(head, SearchIndex.PHONE_REVERSED)).isFalse();
      java.util.Set<String> names = new java.util.TreeSet<>();
      small.contacts.values().forEach(c -> names.addAll(ContactKeys.of(c).in(SearchIndex.NAME)));
      assertThat(maps.written().index(SearchIndex.NAME).keySet()).containsExactlyElementsOf(names);
    }
  }

  @Test
  void anEmptyBookLoadsWithEmptyIndexes() {
    TestBook empty = new TestBook();
    Path file = dir.resolve("copy.mvstore");

    assertThat(
            MapSnapshotLoad.load(
                file, empty.head(), List.<ContactDto>of().iterator(), null, true, 4))
        .isZero();

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(MapHead.signed(maps.written().head())).contains(empty.head());
      assertThat(MapHead.indexed(maps.written().head())).isTrue();
      assertHasTheKeysOf(maps, List.of());
    }
  }

  private static int load(Path file, boolean withIndexes) {
    // the contacts in no particular order: a load must not rely on id order
    Iterator<ContactDto> shuffled =
        BOOK.contacts.values().stream()
            .sorted((a, b) -> Integer.compare(a.id().hashCode(), b.id().hashCode()))
            .iterator();
    return MapSnapshotLoad.load(file, BOOK.head(), shuffled, null, withIndexes, 4);
  }

  /** Each index map holds exactly the keys {@link ContactKeys#of} gives the contacts. */
  static void assertHasTheKeysOf(CopyMaps maps, Collection<ContactDto> contacts) {
    Map<SearchIndex, TreeSet<String>> expected = new EnumMap<>(SearchIndex.class);
    for (SearchIndex index : SearchIndex.values()) {
      expected.put(index, new TreeSet<>());
    }
    for (ContactDto contact : contacts) {
      ContactKeys keys = ContactKeys.of(contact);
      expected.forEach((index, all) -> all.addAll(keys.in(index)));
    }
    for (SearchIndex index : SearchIndex.values()) {
      assertThat(List.copyOf(maps.written().index(index).keySet()))
          .as("%s", index)
          // equals, not containsExactly: AssertJ compares every element with every other
          .isEqualTo(List.copyOf(expected.get(index)));
    }
  }

  static ContactDto person(int i) {
    return new ContactDto(
        "p" + i,
        (i % 3 == 0 ? "王" : "Person ") + i,
        "Given" + i % 100,
        "Family" + i,
        List.of("p" + i + "@example.com"),
        i % 5 == 0 ? List.of() : List.of(new PhoneDto("work", "+1 555 " + i)),
        null,
        i % 7 == 0 ? null : "Department " + i % 13,
        null,
        null,
        null,
        Map.of());
  }
}
