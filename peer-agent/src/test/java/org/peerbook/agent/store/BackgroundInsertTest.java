package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;

class BackgroundInsertTest {
  private static final Duration NEVER_STUCK = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void everyRowHandedOverIsCommittedOnceFinishReturns() throws SQLException {
    try (Connection connection = emptyCopy()) {
      try (var inserts = new BackgroundInsert(connection)) {
        for (int i = 0; i < 2_500; i++) {
          inserts.add(ContactRows.of(TestBook.contact("c" + i, "Person " + i)));
        }
        inserts.finish();
      }

      assertThat(count(connection, "contact")).isEqualTo(2_500);
      assertThat(count(connection, "name_token")).isEqualTo(2_500 * 3);
      await().atMost(NEVER_STUCK).until(() -> !writerRunning());
    }
  }

  @Test
  void aRowTheWriterCannotInsertStopsTheCallerWithItsCauseInsteadOfBlockingIt() throws Exception {
    try (Connection connection = emptyCopy()) {
      assertTimeoutPreemptively(
          NEVER_STUCK,
          () -> {
            try (var inserts = new BackgroundInsert(connection)) {
              // the same id twice: the primary key refuses the second on the writer's thread,
              // and the caller, still handing rows over, must hear of it
              assertThatThrownBy(
                      () -> {
                        for (int i = 0; i < 50_000; i++) {
                          inserts.add(ContactRows.of(TestBook.contact("c" + i % 1_500, "P")));
                        }
                        inserts.finish();
                      })
                  .isInstanceOf(StoreException.class)
                  .hasRootCauseInstanceOf(SQLException.class);
            }
          });
      await().atMost(NEVER_STUCK).until(() -> !writerRunning());
    }
  }

  @Test
  void aCallerThatGivesUpStopsTheWriterAndHasTheConnectionBack() throws Exception {
    try (Connection connection = emptyCopy()) {
      assertTimeoutPreemptively(
          NEVER_STUCK,
          () -> {
            try (var inserts = new BackgroundInsert(connection)) {
              for (int i = 0; i < 20_000; i++) {
                inserts.add(ContactRows.of(TestBook.contact("c" + i, "Person " + i)));
              }
              // no finish: the load was broken off
            }
          });

      await().atMost(NEVER_STUCK).until(() -> !writerRunning());
      assertThat(count(connection, "contact")).isLessThanOrEqualTo(20_000);
      connection.rollback();
    }
  }

  private Connection emptyCopy() throws SQLException {
    Connection connection = CopyDatabase.connect(dir, SnapshotLoad.NAME);
    StoreSchema.createWithoutIndexes(connection);
    return connection;
  }

  private static int count(Connection connection, String table) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean writerRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals("snapshot-rows") && thread.isAlive());
  }
}
