package org.peerbook.book.control;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the current transaction read one committed state of the whole database, as of its first
 * query, without locking anything: a long read (a snapshot of the book) then sees exactly the
 * contacts its head signs while writers go on committing. Both databases keep row versions for this
 * (MVCC), so a reader costs writers nothing.
 *
 * <p>PostgreSQL: {@code REPEATABLE READ} for this transaction only. H2: {@code SNAPSHOT} for the
 * session, which {@link #close()} sets back (H2 commits an open transaction when the level changes:
 * harmless for a read-only one, and the reason the level must be set before the first query).
 */
public final class ConsistentRead implements AutoCloseable {
  private final Connection connection;
  private final boolean sessionWide;

  private ConsistentRead(Connection connection, boolean sessionWide) {
    this.connection = connection;
    this.sessionWide = sessionWide;
  }

  /**
   * Starts the read; call before the transaction's first query.
   *
   * @throws IllegalStateException if the database is neither PostgreSQL nor H2
   */
  public static ConsistentRead begin(EntityManager em) {
    Connection connection = em.unwrap(Connection.class);
    try {
      String database = connection.getMetaData().getDatabaseProductName();
      if ("PostgreSQL".equals(database)) {
        execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        return new ConsistentRead(connection, false);
      }
      if ("H2".equals(database)) {
        execute(connection, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
        return new ConsistentRead(connection, true);
      }
      throw new IllegalStateException("no consistent read known for the database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start a consistent read: " + e.getMessage(), e);
    }
  }

  /** Gives the connection back as it was: later transactions on it read committed again. */
  @Override
  public void close() {
    if (!sessionWide) {
      return;
    }
    try {
      execute(
          connection, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end a consistent read: " + e.getMessage(), e);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
