package org.peerbook.it.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    long started = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      done.add(
          pool.submit(
              () -> {
                try (Connection connection = connect();
                    PreparedStatement insert =
                        connection.prepareStatement(
                            "INSERT INTO bench_baseline (id, payload) VALUES (?, ?)")) {
                  connection.setAutoCommit(true);
                  for (int i = 0; i < rows / writers; i++) {
                    insert.setString(1, writers + "-" + writer + "-" + i + "-" + started);
                    insert.setString(2, "{\"displayName\":\"Single " + i + "\"}");
                    insert.executeUpdate();
                  }
                }
                return null;
              }));
    }
    for (Future<?> writer : done) {
      writer.get();
    }
    pool.shutdown();
    return (double) rows / writers * writers / ((System.nanoTime() - started) / 1e9);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }
}
