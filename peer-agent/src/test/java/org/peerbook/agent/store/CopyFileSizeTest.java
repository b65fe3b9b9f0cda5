package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;

/**
 * The copy's file as an agent that follows the book change by change leaves it: each change is a
 * commit of its own, which writes a chunk whose contact page lives on in it while the next changes
 * leave the rest of it dead.
 */
class CopyFileSizeTest {
  private static final int CONTACTS = 10_000;
  private static final int CHANGES = 3_000;

  @TempDir Path dir;

  @Test
  void aCopyChangedOneContactAtATimeStaysWithinThreeTimesItsSizeAfterItsLoadAndHoldsTheBook()
      throws Exception {
    Path file = dir.resolve("copy.mvstore");
    TestBook book = new TestBook();
    for (int i = 0; i < CONTACTS; i++) {
      book.upsert(StoreBenchmark.person(i, "Dept " + i % 20));
    }
    long loaded;
    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      MapDeltaWrite.apply(maps, book.entries(0, CONTACTS), book.head(), 100);
      loaded = Files.size(file);
      // as if each change came after the file system wrote the last one back (the default 45 s
      // are for that): a chunk nothing lives in is free at once
      maps.retainDeadChunksFor(Duration.ZERO);
      long largest = loaded;
      for (int change = 0; change < CHANGES; change++) {
        int i = (int) ((change * 7919L) % CONTACTS);
        book.upsert(StoreBenchmark.person(i, "Moved " + change));
        MapDeltaWrite.apply(
            maps, book.entries(book.log.size() - 1, book.log.size()), book.head(), 100);
        largest = Math.max(largest, Files.size(file));
      }
      assertThat(largest)
          .as("largest file size; after the load: %d", loaded)
          .isLessThan(3 * loaded);
    }

    try (CopyMaps maps = CopyMaps.open(file, 4);
        CopyMaps.View view = maps.view()) {
      assertThat(MapHead.signed(view.maps().head())).contains(book.head());
      assertThat(view.maps().contacts().size()).isEqualTo(CONTACTS);
      for (ContactDto contact : book.contacts.values()) {
        assertThat(StoredJson.contact(view.maps().contacts().get(contact.id()))).isEqualTo(contact);
      }
      assertThat(view.maps().index(SearchIndex.DEPARTMENT).size()).isEqualTo(CONTACTS);
    }
  }
}
