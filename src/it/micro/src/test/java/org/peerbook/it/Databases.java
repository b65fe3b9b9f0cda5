package org.peerbook.it;

import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The databases the data server runs on in tests: the embedded H2 default, and a real PostgreSQL on
 * 127.0.0.1:5432 with a database of the test's own, created here and dropped after. PostgreSQL is
 * required where {@code CI=true}; elsewhere its absence skips with a notice.
 */
public final class Databases {
  static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final String POSTGRES_USER = System.getenv().getOrDefault("PGUSER", "postgres");

  private Databases() {}

  /** What a test needs to run the data server on one database. */
  public interface Database extends AutoCloseable {
    String name();

    /** The MicroProfile Config settings that select this database. */
    Map<String, String> settings();

    @Override
    void close();
  }

  public static Stream<Arguments> both() {
    return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
  }

  public static Database open(String kind) {
    return kind.equals("H2") ? h2() : postgres();
  }

  static Database h2() {
    return new Database() {
      @Override
      public String name() {
        return "H2";
      }

      @Override
      public Map<String, String> settings() {
        return Map.of();
      }

      @Override
      public void close() {}
    };
  }

  static Database postgres() {
    String database = "peerbook_it_" + Long.toHexString(System.nanoTime());
    try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "")) {
      admin.createStatement().execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("PostgreSQL is required in CI but not reachable", e);
      }
      System.err.println(
          "NOTICE: PostgreSQL on 127.0.0.1:5432 is not reachable ("
              + e.getMessage()
              + "): PostgreSQL tests are SKIPPED");
      abort("PostgreSQL not reachable: " + e.getMessage());
    }
    return new Database() {
      @Override
      public String name() {
        return "PostgreSQL";
      }

      @Override
      public Map<String, String> settings() {
        return Map.of(
            "peerbook.db.url",
            "jdbc:postgresql://127.0.0.1:5432/" + database,
            "peerbook.db.user",
            POSTGRES_USER);
      }

      @Override
      public void close() {
        try (Connection admin =
            DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "")) {
          admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
          System.err.println("could not drop test database " + database + ": " + e.getMessage());
        }
      }
    };
  }
}
