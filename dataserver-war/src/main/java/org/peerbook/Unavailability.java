package org.peerbook;

import com.hazelcast.core.HazelcastException;
import jakarta.resource.ResourceException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a failure means that what the server stands on is out of reach for now, rather than a
 * fault of ours: the database (a JDBC connection error, SQL state class 08, or no connection to be
 * had from the container's pool: all in use while the database is slow, or none could be made) or,
 * in a cluster, the data grid. Such a request gets 503 with {@code Retry-After}: an agent tries
 * another member, an administrator's client tries again.
 */
public final class Unavailability {
  private Unavailability() {}

  /** What is out of reach, named for the problem's detail; empty for any other failure. */
  public static Optional<String> of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return Optional.of("the database is out of reach (" + sql.getMessage() + ")");
      }
      if (cause instanceof SQLException sql && sql.getCause() instanceof ResourceException) {
        return Optional.of("no connection to the database could be had (" + sql.getMessage() + ")");
      }
      if (cause instanceof HazelcastException grid) {
        return Optional.of("the cluster's data grid is out of reach (" + grid.getMessage() + ")");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
