package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CopyMapsTest {
  /** More than the 8 MiB of unsaved pages at which MVStore stores on its own unless told not to. */
  static final int LARGE_CHANGE = 60_000;

  @TempDir Path dir;

  @Test
  void aCommitIsKeptAndWhatWasNotCommittedIsNotWhenTheCopyCloses() {
    Path file = dir.resolve("copy.mvstore");
    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      maps.written().contacts().put("c1", json("one"));
      maps.written().head().put("version", "1");
      maps.commit();
      maps.written().contacts().put("c2", json("two"));
      maps.written().head().put("version", "2");
    }

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(maps.written().contacts().keySet()).containsExactly("c1");
      assertThat(maps.written().head().get("version")).isEqualTo("1");
    }
  }

  @Test
  void aRollbackTakesBackAChangeLargerThanMvStoresOwnBuffer() {
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 4)) {
      maps.written().contacts().put("kept", json("kept"));
      maps.commit();
      writeLargeChange(maps);

      maps.rollback();

      assertThat(maps.written().contacts().keySet()).containsExactly("kept");
      assertThat(maps.written().index(SearchIndex.NAME)).isEmpty();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void readersOnOtherThreadsSeeWholeCommitsWhileTheWriterCommitsAgainAndAgain() throws Exception {
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 1)) {
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger views = new AtomicInteger();
      ExecutorService readers = Executors.newFixedThreadPool(2);
      List<Future<?>> reading = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reading.add(
            readers.submit(
                () -> {
                  while (writing.get()) {
                    try (CopyMaps.View view = maps.view()) {
                      assertWhole(view.maps());
                      views.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      try {
        // each commit replaces every contact of the one before: pages freed commit after commit
        for (int round = 1; round <= 1000; round++) {
          for (int i = 0; i < ROUND_CONTACTS; i++) {
            maps.written().contacts().remove((round - 1) + "-" + i);
            maps.written().contacts().put(round + "-" + i, json(round + "x".repeat(2000)));
          }
          maps.written().head().put("round", Integer.toString(round));
          maps.commit();
        }
      } finally {
        writing.set(false);
        readers.shutdown();
      }
      for (Future<?> reader : reading) {
        reader.get(1, TimeUnit.MINUTES);
      }
      assertThat(views.get()).as("views read while the writer committed").isPositive();
    }
  }

  private static final int ROUND_CONTACTS = 50;

  /** The maps as one commit left them: the contacts of its round, all of them, each whole. */
  private static void assertWhole(CopyMaps.Maps maps) {
    String round = maps.head().getOrDefault("round", "0");
    if (round.equals("0")) {
      assertThat(maps.contacts()).isEmpty();
      return;
    }
    assertThat(maps.contacts()).hasSize(ROUND_CONTACTS);
    for (int i = 0; i < ROUND_CONTACTS; i++) {
      assertThat(maps.contacts().get(round + "-" + i)).isEqualTo(json(round + "x".repeat(2000)));
    }
  }

  @Test
  void aViewShowsItsCommitWhileTheWriterGoesOnAndCommitsAgain() {
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 1)) {
      maps.written().contacts().put("c1", json("first"));
      maps.commit();
      try (CopyMaps.View first = maps.view()) {
        maps.written().contacts().put("c1", json("second"));
        maps.written().contacts().put("c2", json("new"));
        assertThat(first.maps().contacts().keySet()).containsExactly("c1");
        maps.commit();
        // pages rewritten many times over, with a 1 MiB cache: the view reads its own from the file
        for (int round = 0; round < 3; round++) {
          writeLargeChange(maps);
          maps.commit();
        }

        assertThat(new String(first.maps().contacts().get("c1"), StandardCharsets.UTF_8))
            .isEqualTo("first");
        assertThat(first.maps().contacts().containsKey("c2")).isFalse();
        assertThat(first.maps().index(SearchIndex.NAME)).isEmpty();
        try (CopyMaps.View now = maps.view()) {
          assertThat(new String(now.maps().contacts().get("c1"), StandardCharsets.UTF_8))
              .isEqualTo("second");
          assertThat(now.maps().index(SearchIndex.NAME)).hasSize(LARGE_CHANGE);
        }
      }
    }
  }

  @Test
  void aViewOfANewFileFindsItsMapsEmpty() {
    try (CopyMaps maps = CopyMaps.open(dir.resolve("copy.mvstore"), 4);
        CopyMaps.View view = maps.view()) {
      assertThat(view.maps().contacts()).isEmpty();
      assertThat(view.maps().head()).isEmpty();
    }
  }

  @Test
  void aFileThatIsNoCopyIsRefused() throws Exception {
    Path file = dir.resolve("copy.mvstore");
    Files.writeString(file, "not a store ".repeat(1000));

    assertThatThrownBy(() -> CopyMaps.open(file, 4))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  /**
   * A process writing a change larger than MVStore's buffer is killed (SIGKILL) before it commits:
   * the file opens at the commit before. With {@code autoCommitDisabled} alone, MVStore had stored
   * part of the change on its own on the way, and a kill left it half on disk.
   */
  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aKillDuringALargeChangeLeavesTheCommitBefore() throws Exception {
    Path file = dir.resolve("copy.mvstore");
    Process writer =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LargeChangeWriter.class.getName(),
                    file.toString()))
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals(LargeChangeWriter.WRITTEN));
      assertThat(line).as("the writer's output").isEqualTo(LargeChangeWriter.WRITTEN);
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (CopyMaps maps = CopyMaps.open(file, 4)) {
      assertThat(maps.written().contacts().keySet()).containsExactly("kept");
      assertThat(maps.written().index(SearchIndex.NAME)).isEmpty();
    }
  }

  /** Commits one contact, writes a large change without committing it, says so and waits. */
  static final class LargeChangeWriter {
    static final String WRITTEN = "written";

    public static void main(String[] args) throws Exception {
      CopyMaps maps = CopyMaps.open(Path.of(args[0]), 4);
      maps.written().contacts().put("kept", json("kept"));
      maps.commit();
      writeLargeChange(maps);
      System.out.println(WRITTEN);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  /** Contacts and name keys, some 20 MB of pages. */
  static void writeLargeChange(CopyMaps maps) {
    for (int i = 0; i < LARGE_CHANGE; i++) {
      String id = "p" + i;
      maps.written().contacts().put(id, json("person " + i + " ".repeat(200)));
      maps.written().index(SearchIndex.NAME).put("person " + i + ContactKeys.SEPARATOR + id, "");
    }
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
