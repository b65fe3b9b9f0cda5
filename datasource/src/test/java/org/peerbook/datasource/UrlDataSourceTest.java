package org.peerbook.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data source against the databases it selects: the embedded H2 file, and a real PostgreSQL on
 * 127.0.0.1:5432 (database {@code test}; required where {@code CI=true}, else skipped if absent).
 */
class UrlDataSourceTest {
  private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String POSTGRES_USER = System.getenv().getOrDefault("PGUSER", "postgres");

  @Test
  void withoutAUrlOpensTheH2FileInTheDataDirectory(@TempDir Path data) throws SQLException {
    UrlDataSource source = new UrlDataSource();
    source.setDataDir(data.toString());
    source.setUrl("${PEERBOOK_DB_URL}");

    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    }
    assertThat(data.resolve("peerbook.mv.db")).exists();
  }

  @Test
  void aPostgreSqlLookupByKeysStaysOnTheIndexAfterItsTableGrew() throws SQLException {
    UrlDataSource source = new UrlDataSource();
    source.setUrl(POSTGRES_URL);
    source.setUser(POSTGRES_USER);
    String table = "plan_" + Long.toHexString(System.nanoTime());
    try (Connection ours = postgres(source);
        Connection plain = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
      try (Statement statement = plain.createStatement()) {
        // as wide as the book's contact table, and empty, as a new book's is
        statement.execute(
            "CREATE TABLE "
                + table
                + " (id VARCHAR(128) PRIMARY KEY"
                + ", v1 VARCHAR(256), v2 VARCHAR(256), v3 VARCHAR(256), v4 VARCHAR(256)"
                + ", v5 VARCHAR(256), v6 VARCHAR(256), v7 VARCHAR(256), v8 VARCHAR(256))");
      }
      String byIds = "SELECT v1 FROM " + table + " WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ourLookup = ours.prepareStatement(byIds);
          PreparedStatement plainLookup = plain.prepareStatement(byIds)) {
        // by the sixth run PostgreSQL settles on a plan for all values
        for (int i = 0; i < 10; i++) {
          lookUp(ourLookup);
          lookUp(plainLookup);
        }
        try (Statement statement = plain.createStatement()) {
          statement.execute(
              "INSERT INTO "
                  + table
                  + " (id, v1) SELECT 'id' || n, 'v' FROM generate_series(1, 50000) AS n");
        }

        assertThat(planOf(ours, ourLookup)).contains(table + "_pkey").doesNotContain("Seq Scan");
        // what the data source prevents: the plan made for the empty table reads every row
        assertThat(planOf(plain, plainLookup)).contains("Seq Scan on " + table);
      } finally {
        try (Statement statement = plain.createStatement()) {
          statement.execute("DROP TABLE " + table);
        }
      }
    }
  }

  @Test
  void aPostgreSqlBatchOfInsertsIsSentAsMultiRowInsertsUnlessTheUrlSaysOtherwise()
      throws SQLException {
    UrlDataSource source = new UrlDataSource();
    source.setUrl(POSTGRES_URL);
    source.setUser(POSTGRES_USER);
    UrlDataSource plain = new UrlDataSource();
    plain.setUrl(POSTGRES_URL + "?reWriteBatchedInserts=false");
    plain.setUser(POSTGRES_USER);

    // a rewritten batch (of a power of two: the driver sends what is left over as is) answers
    // "done, rows not counted" for each insert; one sent as is, 1 each
    assertThat(insertEight(source)).containsOnly(Statement.SUCCESS_NO_INFO);
    assertThat(insertEight(plain)).containsOnly(1);
  }

  private static int[] insertEight(UrlDataSource source) throws SQLException {
    try (Connection connection = postgres(source);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TEMPORARY TABLE batch_test (id INT PRIMARY KEY)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO batch_test (id) VALUES (?)")) {
        for (int id = 1; id <= 8; id++) {
          insert.setInt(1, id);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM batch_test")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).as("every row in either way").isEqualTo(8);
        }
        return counts;
      }
    }
  }

  private static Connection postgres(UrlDataSource source) {
    try {
      return source.getConnection();
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("PostgreSQL is required in CI but not reachable", e);
      }
      System.err.println("NOTICE: PostgreSQL on 127.0.0.1:5432 is not reachable: test SKIPPED");
      abort("PostgreSQL not reachable: " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  private static int lookUp(PreparedStatement lookup) throws SQLException {
    for (int i = 1; i <= 8; i++) {
      lookup.setString(i, "id" + i);
    }
    int rows = 0;
    try (ResultSet found = lookup.executeQuery()) {
      while (found.next()) {
        rows++;
      }
    }
    return rows;
  }

  /** The plan PostgreSQL runs the lookup with, as its auto_explain module reports it. */
  private static String planOf(Connection connection, PreparedStatement lookup)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOAD 'auto_explain'");
      statement.execute("SET auto_explain.log_min_duration = 0");
      statement.execute("SET auto_explain.log_level = notice");
    }
    lookup.clearWarnings();
    assertThat(lookUp(lookup)).isEqualTo(8);
    SQLWarning notice = lookup.getWarnings();
    assertThat((Object) notice).as("auto_explain's notice").isNotNull();
    return notice.getMessage();
  }
}
