package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.sync.TestBook;

/**
 * The copy on a real file system that runs full: a small tmpfs of its own (mounting one needs root,
 * as the CI has; elsewhere the test is skipped).
 */
class LocalStoreDiskFullTest {
  private Path disk;
  private boolean mounted;
  private final TestBook book = new TestBook();

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createTempDirectory("peerbook-small-disk");
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    mounted = mount.waitFor() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs (root only): " + said);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
    }
    Files.deleteIfExists(disk);
  }

  @Test
  void aFullDiskLeavesTheCopyAtItsLastVersionAnsweringLookupsUntilThereIsRoomAgain()
      throws IOException {
    for (int i = 0; i < 500; i++) {
      book.upsert(TestBook.contact("c" + i, "Person " + i));
    }
    long first = book.head().version();
    Path dataDir = disk.resolve("agent");
    try (LocalStore store = LocalStore.open(dataDir, 1000)) {
      store.applyDelta(book.entries(0, first), book.head());
      for (int i = 0; i < 200; i++) {
        book.upsert(TestBook.contact("d" + i, "Newcomer " + i + " " + "x".repeat(200)));
      }
      Path filler = fillUp(disk.resolve("filler"));

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

  /** Writes zeros until the disk is full. */
  private static Path fillUp(Path filler) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    return filler;
  }
}
