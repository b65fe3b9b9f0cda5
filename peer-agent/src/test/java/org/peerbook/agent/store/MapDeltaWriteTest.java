package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.WireJson;

class MapDeltaWriteTest {
  @TempDir Path dir;
  private final TestBook book = new TestBook();

  @Test
  void aDeltaLeavesEachContactAsItsLastEntrySaysWithItsKeysTheHeadAndTheLog() {
    Path file = dir.resolve("copy.mvstore");
    book.upsert(TestBook.contact("a", "Anna Arden", "anna@example.com"))
        .upsert(TestBook.contact("b", "Bertha Brandt"))
        .upsert(TestBook.contact("b", "Bertha Weber"))
        .upsert(TestBook.contact("c", "Carl Cello"))
        .delete("c");
    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      MapDeltaWrite.apply(maps, book.entries(0, 5), book.head(), 100);
    }

    try (CopyMaps maps = CopyMaps.open(file, 4);
        CopyMaps.View view = maps.view()) {
      assertThat(MapHead.signed(view.maps().head())).contains(book.head());
      assertThat(MapHead.contacts(view.maps().head())).isEqualTo(2);
      assertThat(MapHead.lanes(view.maps().head()).digest()).isEqualTo(book.head().stateDigest());
      assertThat(view.maps().contacts().keySet()).containsExactly("a", "b");
      assertThat(StoredJson.contact(view.maps().contacts().get("b")))
          .isEqualTo(book.contacts.get("b"));
      assertThat(view.maps().index(SearchIndex.NAME_WORD).keySet())
          .as("b's old family name and c went with them")
          .noneMatch(key -> key.startsWith("brandt") || key.startsWith("cello"))
          .anyMatch(key -> key.startsWith("weber\0"));
      for (SearchIndex index : SearchIndex.values()) {
        assertThat(view.maps().index(index).keySet())
            .as("%s", index)
            .allMatch(key -> List.of("a", "b").contains(ContactKeys.idIn(index, key)));
      }
      assertThat(view.maps().log().keySet()).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(WireJson.readEntry(WireJson.parse(view.maps().log().get(5L)), "entry"))
          .isEqualTo(book.log.get(4));
    }
  }

  @Test
  void aDeltaThatWouldNotBeTheSignedBookChangesNothing() {
    book.upsert(TestBook.contact("a", "Anna Arden"));
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 4)) {
      MapDeltaWrite.apply(maps, book.entries(0, 1), book.head(), 100);
      book.upsert(TestBook.contact("a", "Anna Brook")).upsert(TestBook.contact("z", "Zoe"));
      SignedHead signedForOtherContacts =
          new TestBook()
              .upsert(TestBook.contact("q", "Q"))
              .upsert(TestBook.contact("r", "R"))
              .upsert(TestBook.contact("s", "S"))
              .head();
      SignedHead wrong =
          new SignedHead(
              book.head().version(),
              book.head().hash(),
              signedForOtherContacts.stateDigest(),
              book.head().signature());

      assertThatThrownBy(() -> MapDeltaWrite.apply(maps, book.entries(1, 3), wrong, 100))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("differ from the signed book at 3");

      assertThat(MapHead.version(maps.written().head())).isEqualTo(1);
      assertThat(maps.written().contacts().keySet()).containsExactly("a");
      assertThat(StoredJson.contact(maps.written().contacts().get("a")).displayName())
          .isEqualTo("Anna Arden");
      assertThat(maps.written().index(SearchIndex.NAME_WORD).keySet())
          .noneMatch(key -> key.startsWith("brook") || key.startsWith("zoe"));
      assertThat(maps.written().log().keySet()).containsExactly(1L);
    }
  }

  @Test
  void entriesThatDoNotStartAtTheCopysVersionAreRefused() {
    book.upsert(TestBook.contact("a", "Anna")).upsert(TestBook.contact("b", "Ben"));
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 4)) {
      assertThatThrownBy(() -> MapDeltaWrite.apply(maps, book.entries(1, 2), book.head(), 100))
          .isInstanceOf(CopyMovedException.class);
      assertThat(maps.written().contacts()).isEmpty();
    }
  }

  @Test
  void theLogKeepsTheNewestRetainedEntries() {
    for (int i = 0; i < 10; i++) {
      book.upsert(TestBook.contact("n" + i, "New " + i));
    }
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 4)) {
      MapDeltaWrite.apply(maps, book.entries(0, 4), book.headAt(4), 3);
      assertThat(maps.written().log().keySet()).containsExactly(2L, 3L, 4L);

      MapDeltaWrite.apply(maps, book.entries(4, 10), book.head(), 3);

      assertThat(maps.written().log().keySet()).containsExactly(8L, 9L, 10L);
      assertThat(maps.written().contacts()).hasSize(10);
      ContactDto last = StoredJson.contact(maps.written().contacts().get("n9"));
      assertThat(last).isEqualTo(book.contacts.get("n9"));
    }
  }
}
