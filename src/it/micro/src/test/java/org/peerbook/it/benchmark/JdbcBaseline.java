package org.peerbook.it.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What the database alone does for a write request: one row inserted and committed per request,
 * over plain JDBC with a connection per writer. The data server's figure against it is the cost of
 * everything the server adds (HTTP, JSON, the contact's rows, the log entry, the head, the
 * signature) and what its group commit wins back.
 */
final class JdbcBaseline {
  private final String url;
  private final String user;

  JdbcBaseline(String url, String user) {
    this.url = url;
    this.user = user;
    try (Connection connection = connect();
        var statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS bench_baseline"
              + " (id VARCHAR(64) PRIMARY KEY, payload VARCHAR(200) NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("the baseline database at " + url + " is not there", e);
    }
  }

  /** Rows per second that {@code writers} writers insert, {@code rows} in all. */
  double insertsPerSecond(int writers, int rows) throws Exception {
    long run = System.nanoTime();
    return Writers.perSecond(
        writers,
        rows,
        (writer, writes) -> {
          try (Connection connection = connect();
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO bench_baseline (id, payload) VALUES (?, ?)")) {
            connection.setAutoCommit(true);
            for (int i = 0; i < writes; i++) {
              insert.setString(1, run + "-" + writer + "-" + i);
              insert.setString(2, "{\"displayName\":\"Single " + i + "\"}");
              insert.executeUpdate();
            }
          }
        });
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }
}
