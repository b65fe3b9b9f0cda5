package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrators file going away, broken by an edit, and coming back, on a real file. */
class AdministratorFileCacheTest {
  private static final String ALICE = "alice:" + PasswordHash.of("right".toCharArray()) + "\n";
  private static final Logger LOG = Logger.getLogger(AdministratorFileCache.class.getName());

  @TempDir Path directory;
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final AtomicInteger reloads = new AtomicInteger();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Path users;
  private AdministratorFileCache cache;

  @BeforeEach
  void oneAdministrator() throws Exception {
    users = directory.resolve("admin-users");
    write(ALICE, 1);
    cache = new AdministratorFileCache(users, reloads::incrementAndGet);
    LOG.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    LOG.removeHandler(capture);
  }

  @Test
  void aMissingFileLetsNobodyInSaysWhereAndIsLoggedOnce() throws Exception {
    assertThat(cache.administrators()).containsOnlyKeys("alice");
    Files.delete(users);

    for (int request = 0; request < 3; request++) {
      assertThatThrownBy(() -> cache.administrators())
          .isInstanceOf(AdministratorFileUnavailableException.class)
          .hasMessageContaining(users + " is missing")
          .hasMessageContaining("until it is restored");
    }
    assertThat(logged).filteredOn(r -> r.getLevel() == Level.SEVERE).hasSize(1);

    write(ALICE + "bob:" + PasswordHash.of("other".toCharArray()) + "\n", 2);
    assertThat(cache.administrators()).containsOnlyKeys("alice", "bob");
    assertThat(logged).extracting(LogRecord::getMessage).last().asString().contains("again");
  }

  @Test
  void aFileBrokenByAnEditNamesTheLineAndListsNobody() throws Exception {
    assertThat(cache.administrators()).containsOnlyKeys("alice");
    write(ALICE + "bob has no hash\n", 2);

    assertThatThrownBy(() -> cache.administrators())
        .isInstanceOf(AdministratorFileUnavailableException.class)
        .hasMessageContaining("line 2");
    assertThat(reloads)
        .as("the old administrators are not forgotten for a broken file")
        .hasValue(1);

    write(ALICE, 3);
    assertThat(cache.administrators()).containsOnlyKeys("alice");
    assertThat(reloads).hasValue(2);
  }

  @Test
  void readsTheFileOnlyWhenItChanged() throws Exception {
    cache.administrators();
    cache.administrators();
    assertThat(reloads).hasValue(1);

    cache.forget();
    cache.administrators();
    assertThat(reloads).hasValue(2);
  }

  /** Writes the file with its own modification time, so that each edit is seen as one. */
  private void write(String text, int edit) throws Exception {
    Files.writeString(users, text);
    Files.setLastModifiedTime(users, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + edit)));
  }
}
