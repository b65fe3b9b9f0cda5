package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.SmallDisk;
import org.peerbook.agent.sync.TestBook;

/** The copy on a real file system that runs full ({@link SmallDisk}). */
class LocalStoreDiskFullTest {
  private final TestBook book = new TestBook();

  @Test
  void aFullDiskLeavesTheCopyAtItsLastVersionAnsweringLookupsUntilThereIsRoomAgain()
      throws Exception {
    for (int i = 0; i < 500; i++) {
      book.upsert(TestBook.contact("c" + i, "Person " + i));
    }
    long first = book.head().version();
    try (SmallDisk disk = SmallDisk.mount("4m")) {
      Path dataDir = disk.root().resolve("agent");
      Path filler;
      try (LocalStore store = LocalStore.open(dataDir, 1000)) {
        store.applyDelta(book.entries(0, first), book.head());
        for (int i = 0; i < 200; i++) {
          book.upsert(TestBook.contact("d" + i, "Newcomer " + i + " " + "x".repeat(200)));
        }
        filler = disk.fillUp("filler");

        assertThatThrownBy(
                () -> store.applyDelta(book.entries(first, book.head().version()), book.head()))
            .isInstanceOf(CopyWriteException.class)
            .hasMessageContaining("No space left on device");

        assertThat(store.problem()).contains("No space left on device");
        assertThat(store.version()).isEqualTo(first);
        assertThat(store.contact("c42")).contains(book.contacts.get("c42"));
        assertThat(store.search(new LocalStore.Search("person 4", null, null, null), 5)).hasSize(5);
        assertThat(store.writable()).as("no room to open it for writing").isFalse();
        assertThat(store.contact("c7")).as("read-only, still answering").isPresent();
      }
      try (LocalStore restarted = LocalStore.open(dataDir, 1000)) {
        assertThat(restarted.problem())
            .as("an agent started on the full disk")
            .contains("No space left on device");
        assertThat(restarted.version()).isEqualTo(first);
        assertThat(restarted.contact("c42")).contains(book.contacts.get("c42"));
      }
      try (LocalStore store = LocalStore.open(dataDir, 1000)) {
        Files.delete(filler);

        assertThat(store.writable()).isTrue();
        store.applyDelta(book.entries(first, book.head().version()), book.head());
        assertThat(store.problem()).isEmpty();
        assertThat(store.version()).isEqualTo(book.head().version());
      }
      try (LocalStore reopened = LocalStore.open(dataDir, 1000)) {
        assertThat(reopened.version()).isEqualTo(book.head().version());
        assertThat(reopened.contact("d199")).contains(book.contacts.get("d199"));
        assertThat(reopened.count()).isEqualTo(700);
      }
    }
  }
}
