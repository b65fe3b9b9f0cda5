package org.peerbook.datasource;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source chosen by its JDBC URL alone, so that switching from the embedded H2 file to
 * PostgreSQL is one setting. The driver is whichever driver on the application's class path accepts
 * the URL (H2 comes with Payara, PostgreSQL's travels in the WAR). The container pools the
 * connections.
 */
public class UrlDataSource implements DataSource {
  private static final String POSTGRESQL = "jdbc:postgresql:";
  private static final String LOGIN_TIMEOUT_SECONDS = "10";
  private static final String READ_TIMEOUT_SECONDS = "300";

  private String url = "";
  private String user = "";
  private String password = "";
  private String dataDir = "data";
  private PrintWriter logWriter;
  private int loginTimeout;

  public void setUrl(String url) {
    this.url = resolved(url);
  }

  public void setUser(String user) {
    this.user = resolved(user);
  }

  public void setPassword(String password) {
    this.password = resolved(password);
  }

  public void setDataDir(String dataDir) {
    this.dataDir = resolved(dataDir).isEmpty() ? "data" : resolved(dataDir);
  }

  /** An unset optional variable may reach us unexpanded; treat it as unset. */
  private static String resolved(String value) {
    return value == null || value.startsWith("${") ? "" : value.trim();
  }

  /** The URL in use: the configured one, or the embedded H2 file in the data directory. */
  public String effectiveUrl() {
    if (!url.isEmpty()) {
      return url;
    }
    Path file = Path.of(dataDir).toAbsolutePath().resolve("peerbook");
    // writers queue on the head row's lock: wait longer than H2's 1 s default; write each commit
    // at once (default: within 500 ms), so that a killed process loses no acknowledged write; and
    // never hand a query the previous result of the same query: H2 2.2's check that nothing changed
    // since races with another connection's commit, and a reader then sees data already replaced
    return "jdbc:h2:file:"
        + file
        + ";LOCK_TIMEOUT=30000;WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE";
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    String jdbcUrl = effectiveUrl();
    Properties properties = new Properties();
    if (username != null && !username.isEmpty()) {
      properties.setProperty("user", username);
    }
    if (pass != null && !pass.isEmpty()) {
      properties.setProperty("password", pass);
    }
    if (jdbcUrl.startsWith(POSTGRESQL)) {
      // a batch of inserts into one table (a group commit's log entries, its contacts) travels
      // as multi-row INSERTs instead of one statement each: DataServerBenchmark. The URL's own
      // reWriteBatchedInserts=false wins over this, and over the timeouts below.
      properties.setProperty("reWriteBatchedInserts", "true");
      // a database that stops answering (a cut without a reset, a host gone) would keep a
      // connection, and whoever holds it, waiting for ever: the driver's own defaults wait for ever
      // for the login and for every read. The read timeout is long: a statement that is merely
      // slow (a snapshot's first rows, a migration's index) must not be cut
      properties.setProperty("loginTimeout", LOGIN_TIMEOUT_SECONDS);
      properties.setProperty("socketTimeout", READ_TIMEOUT_SECONDS);
    }
    for (Driver driver : ServiceLoader.load(Driver.class, UrlDataSource.class.getClassLoader())) {
      if (driver.acceptsURL(jdbcUrl)) {
        return withPlansPerExecution(driver.connect(jdbcUrl, properties));
      }
    }
    throw new SQLException("no JDBC driver accepts " + jdbcUrl);
  }

  /**
   * On PostgreSQL, has every statement planned with its own values. By default PostgreSQL plans a
   * statement it has run five times once for all values (a generic plan) and keeps that plan until
   * the table's statistics change. A book starts empty: "the contacts with these ids" was planned
   * as a read of the whole table, which is cheapest for a table of a few wide rows, and where
   * nothing analyzes the tables (autovacuum off, or between its runs) the plan outlived the
   * emptiness: single-change writes from 32 writers on a book of 65,000 contacts fell from 2,100 to
   * 450 per second. Our statements are small: planning each costs far less than one such read.
   */
  private static Connection withPlansPerExecution(Connection connection) throws SQLException {
    try {
      DatabaseMetaData database = connection.getMetaData();
      // plan_cache_mode came with PostgreSQL 12
      if ("PostgreSQL".equals(database.getDatabaseProductName())
          && database.getDatabaseMajorVersion() >= 12) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET plan_cache_mode = force_custom_plan");
        }
        // a rollback would undo a setting made in a transaction
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("java.util.logging only");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
