package org.peerbook.agent.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the copy's H2 databases lie in the data directory and how they are opened: the copy itself,
 * and beside it the file a snapshot loads into ({@link SnapshotLoad#NAME}).
 */
final class CopyDatabase {
  /** The copy's database name: {@code <data-dir>/copy.mv.db}. */
  static final String NAME = "copy";

  // the page cache: 16 MiB instead of H2's 64, on an agent's small heap (AgentBenchmark: a
  // 10,000-entry delta 9.0 s instead of 11-12, agent B's resident memory 330 MiB, not 406)
  private static final int CACHE_KIB = 16 * 1024;

  private CopyDatabase() {}

  /** The file H2 keeps the database {@code name} in. */
  static Path file(Path dataDir, String name) {
    return dataDir.resolve(name + ".mv.db");
  }

  /** A connection that makes changes (not auto-committing) to the database {@code name}. */
  static Connection connect(Path dataDir, String name) throws SQLException {
    return connect(dataDir, name, CACHE_KIB);
  }

  /** As {@link #connect(Path, String)}, with a page cache of {@code cacheKib} KiB. */
  static Connection connect(Path dataDir, String name, int cacheKib) throws SQLException {
    Connection connection = DriverManager.getConnection(url(dataDir, name, cacheKib), "", "");
    connection.setAutoCommit(false);
    return connection;
  }

  /** A connection that reads the copy, each statement at the last committed version. */
  static Connection reader(Path dataDir) throws SQLException {
    // lazily: a query with a limit and nothing to sort stops reading at the limit; H2 otherwise
    // computes a derived table or a UNION ALL whole first (11,111 ids for one typed digit).
    // Each read takes its whole result before the next statement runs (StoreReads).
    return DriverManager.getConnection(
        url(dataDir, NAME, CACHE_KIB) + ";LAZY_QUERY_EXECUTION=TRUE", "", "");
  }

  private static String url(Path dataDir, String name, int cacheKib) {
    // OPTIMIZE_REUSE_RESULTS: H2 2.2 hands the reader a query's previous result when it thinks
    // nothing changed, and that check races with the writer's commit: right after applying a
    // delta the copy read its old head (7% of reads under concurrent lookups, LocalStoreTest)
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve(name)
        + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE;CACHE_SIZE="
        + cacheKib;
  }
}
