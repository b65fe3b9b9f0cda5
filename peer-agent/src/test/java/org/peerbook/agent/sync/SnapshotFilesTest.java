package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.WireJson;

class SnapshotFilesTest {
  @TempDir Path dir;
  private final TestBook book =
      new TestBook()
          .upsert(TestBook.contact("a", "Ann"))
          .upsert(TestBook.contact("b", "张伟"))
          .upsert(TestBook.contact("c", "Carl"));

  @Test
  void writesTheCopyOncePerVersionAsAVerifiableSnapshot() throws IOException {
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(dir.resolve("snapshots"), store);
      assertThat(snapshots.current()).as("a copy that never synced").isEmpty();

      store.applyDelta(book.entries(0, 3), book.head());
      Path first = snapshots.current().orElseThrow();

      assertThat(snapshots.current()).contains(first);
      SyncAnswer.Snapshot read = read(first);
      assertThat(read.head()).isEqualTo(book.head());
      SnapshotVerifier check = new SyncVerifier(book.keys.getPublic()).snapshot(read.head());
      read.contacts().forEach(check::accept);
      check.finish();

      book.delete("a");
      store.applyDelta(book.entries(3, 4), book.head());
      Path second = snapshots.current().orElseThrow();

      assertThat(second).isNotEqualTo(first);
      assertThat(first).as("the older version's file is gone").doesNotExist();
      assertThat(read(second).contacts()).extracting(ContactDto::id).containsExactly("b", "c");
    }
  }

  @Test
  void writesTheNextSnapshotWhenAnOldOneCannotBeDeletedYetAndDeletesItLater() throws IOException {
    Path directory = dir.resolve("snapshots");
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(directory, store);
      store.applyDelta(book.entries(0, 3), book.head());
      // a name no delete can take, as Windows refuses for a file a reader holds unshared
      Path held = Files.createDirectories(directory.resolve("snapshot-1.json.gz"));
      Files.writeString(held.resolve("open"), "held");

      Path written = snapshots.current().orElseThrow();

      assertThat(read(written).head()).isEqualTo(book.head());
      assertThat(held).exists();

      Files.delete(held.resolve("open"));
      book.delete("a");
      store.applyDelta(book.entries(3, 4), book.head());
      Path next = snapshots.current().orElseThrow();

      try (Stream<Path> left = Files.list(directory)) {
        assertThat(left).as("deleted once it can be").containsExactly(next);
      }
    }
  }

  @Test
  void neverOffersASnapshotOlderThanTheRequestersVersion() throws IOException {
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(dir.resolve("snapshots"), store);
      store.applyDelta(book.entries(0, 3), book.head());

      assertThat(snapshots.currentFrom(0)).isPresent();
      assertThat(snapshots.currentFrom(3).map(SnapshotFiles::versionOf)).contains(3L);
      assertThat(snapshots.currentFrom(4)).as("the copy is behind the requester").isEmpty();
    }
  }

  @Test
  void offersTheLastFileWhileTheCopyIsNotTooFarPastItAndTheRequesterIsBehindIt()
      throws IOException {
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(dir.resolve("snapshots"), store, 2);
      store.applyDelta(book.entries(0, 3), book.head());
      Path atThree = snapshots.currentFrom(0).orElseThrow();
      book.delete("a").upsert(TestBook.contact("d", "Dora"));
      store.applyDelta(book.entries(3, 5), book.head());

      assertThat(snapshots.currentFrom(0))
          .as("two versions behind the copy: offered again, not written anew")
          .contains(atThree);
      assertThat(snapshots.currentFrom(3).map(SnapshotFiles::versionOf))
          .as("a requester at the file's version gets the copy's")
          .contains(5L);
      assertThat(atThree).as("replaced by the newer file").doesNotExist();

      book.upsert(TestBook.contact("e", "Emil")).upsert(TestBook.contact("f", "Fay"));
      store.applyDelta(book.entries(5, 7), book.head());
      assertThat(snapshots.currentFrom(4).map(SnapshotFiles::versionOf)).contains(5L);
      book.upsert(TestBook.contact("g", "Gus"));
      store.applyDelta(book.entries(7, 8), book.head());
      assertThat(snapshots.currentFrom(0).map(SnapshotFiles::versionOf))
          .as("three versions behind: written anew")
          .contains(8L);
    }
  }

  @Test
  void keepsAReceivedSnapshotOfTheCopysVersionAsTheFileOfThatVersion() throws IOException {
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(dir.resolve("snapshots"), store);
      store.applyDelta(book.entries(0, 3), book.head());
      Path received = snapshots.newFile().orElseThrow();
      // what a source sent: kept as it came, never read back and written again
      Files.write(received, new byte[] {1, 2, 3});

      snapshots.keep(received, book.head());

      Path kept = snapshots.currentFrom(0).orElseThrow();
      assertThat(SnapshotFiles.versionOf(kept)).isEqualTo(3);
      assertThat(Files.readAllBytes(kept)).containsExactly(1, 2, 3);
      assertThat(received).doesNotExist();
    }
  }

  @Test
  void deletesAReceivedSnapshotTheCopyHasMovedPast() throws IOException {
    try (var store = LocalStore.open(dir.resolve("copy"), 100)) {
      var snapshots = new SnapshotFiles(dir.resolve("snapshots"), store);
      store.applyDelta(book.entries(0, 2), book.headAt(2));
      SignedHead atTwo = book.headAt(2);
      store.applyDelta(book.entries(2, 3), book.head());
      Path received = snapshots.newFile().orElseThrow();
      Files.write(received, new byte[] {1, 2, 3});

      snapshots.keep(received, atTwo);

      assertThat(received).doesNotExist();
      Path written = snapshots.currentFrom(0).orElseThrow();
      assertThat(SnapshotFiles.versionOf(written)).isEqualTo(3);
      assertThat(read(written).head()).as("written from the copy").isEqualTo(book.head());
    }
  }

  @Test
  void aLagIsHalfTheRetainedLogAtMost() {
    assertThat(SnapshotFiles.maxLagFor(10_000)).isEqualTo(SnapshotFiles.MAX_LAG);
    assertThat(SnapshotFiles.maxLagFor(100)).isEqualTo(50);
    assertThat(SnapshotFiles.maxLagFor(0)).isZero();
  }

  private static SyncAnswer.Snapshot read(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return (SyncAnswer.Snapshot) AnswerJson.readAnswer(WireJson.parse(in));
    }
  }
}
