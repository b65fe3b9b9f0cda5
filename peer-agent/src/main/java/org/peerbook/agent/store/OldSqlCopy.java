package org.peerbook.agent.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.api.ErrorCode;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * The copy an agent kept in SQL tables before the map layout ({@code copy.mv.db} in the data
 * directory, at any of its layouts 1 to 8), taken over once so that an upgraded agent does not sync
 * 100,000 contacts afresh. It is read as it lies, never upgraded: every layout has the contacts'
 * JSON (text before layout 5, bytes since), the log entries' JSON and the head row. Its search
 * indexes are not taken: the map file records them as due ({@link MapIndexBuild}).
 *
 * <p>The import is written beside the map file and moved over it whole, and the old files go only
 * after that: a crash at any moment leaves the old copy (imported again at the next start) or the
 * map file. An old copy whose contacts are not the book its head signs is not taken: the agent
 * syncs afresh.
 */
final class OldSqlCopy {
  private static final Logger LOG = Logger.getLogger(OldSqlCopy.class.getName());

  private static final String NAME = "copy";

  /** What the SQL copy left in the data directory: the copy and a snapshot's load beside it. */
  private static final List<String> FILES =
      List.of("copy.mv.db", "copy.trace.db", "copy-next.mv.db", "copy-next.trace.db");

  private static final int LOG_COMMIT = 10_000;

  private OldSqlCopy() {}

  /** An old copy that cannot be taken over: unreadable, or not the book its head signs. */
  private static final class Damaged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Damaged(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Makes {@code mapFile} from the old copy in {@code dataDir}, if there is one that synced and no
   * map file yet, then deletes the old copy's files.
   *
   * @param retainedEntries how many log entries the copy keeps for serving deltas to peers
   * @return whether a copy was imported
   * @throws StoreException if the map file cannot be written (the old copy stays for the next try)
   */
  static boolean importInto(Path dataDir, Path mapFile, int retainedEntries) {
    Path next = mapFile.resolveSibling(mapFile.getFileName() + ".import");
    if (Files.exists(mapFile) || !Files.exists(dataDir.resolve(FILES.get(0)))) {
      deleteOldFiles(dataDir, next);
      return false;
    }
    try {
      if (!load(dataDir, next, retainedEntries)) {
        deleteOldFiles(dataDir, next);
        return false;
      }
      // the move must not make a map file whose pages are still on their way to the disk
      try (FileChannel written = FileChannel.open(next, StandardOpenOption.WRITE)) {
        written.force(true);
      }
      Files.move(next, mapFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (Damaged e) {
      LOG.log(Level.WARNING, "the local copy in SQL cannot be taken over; syncing afresh", e);
      deleteOldFiles(dataDir, next);
      return false;
    } catch (IOException e) {
      throw new StoreException("cannot move the imported copy to " + mapFile, e);
    }
    deleteOldFiles(dataDir, next);
    return true;
  }

  /** Loads the old copy into {@code next}; false if it never synced. */
  private static boolean load(Path dataDir, Path next, int retainedEntries) {
    try (Connection old = connect(dataDir)) {
      SignedHead head = head(old);
      if (head == null) {
        return false;
      }
      try (Statement sql = old.createStatement();
          ResultSet rows = sql.executeQuery("SELECT json FROM contact ORDER BY id")) {
        StateDigest state = StateDigest.empty();
        MapSnapshotLoad.load(
            next, head, new Contacts(rows, state), () -> checked(state, head), false, 4);
      }
      try (CopyMaps maps = CopyMaps.open(next, 4)) {
        copyLog(old, maps, head.version() - retainedEntries);
      }
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new StoreException("the local copy in " + dataDir + " is in use", e);
      }
      throw new Damaged("reading the local copy in " + dataDir, e);
    }
  }

  private static Connection connect(Path dataDir) throws SQLException {
    // read-only: nothing here changes the old copy, and a failed import leaves it as it was.
    // Lazily: the contacts come a few at a time instead of as one result of 100,000 rows
    return DriverManager.getConnection(
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve(NAME)
            + ";ACCESS_MODE_DATA=r;LAZY_QUERY_EXECUTION=TRUE;OPTIMIZE_REUSE_RESULTS=FALSE",
        "",
        "");
  }

  /** The head row; null for a copy that never synced. */
  private static SignedHead head(Connection old) throws SQLException {
    try (Statement sql = old.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT version, hash, state_digest, signature FROM head WHERE id = 1")) {
      return rs.next()
          ? new SignedHead(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))
          : null;
    }
  }

  /** The contacts' digest, if it is the one the head signs. */
  private static StateDigest checked(StateDigest state, SignedHead head) {
    if (!state.digest().equals(head.stateDigest())) {
      throw new Damaged("its contacts are not the book signed at " + head.version(), null);
    }
    return state;
  }

  /** The log entries above {@code floor}, as {@link MapDeltaWrite} writes them. */
  private static void copyLog(Connection old, CopyMaps maps, long floor) throws SQLException {
    try (PreparedStatement sql =
        old.prepareStatement("SELECT json FROM log_entry WHERE version > ? ORDER BY version")) {
      sql.setLong(1, floor);
      try (ResultSet rs = sql.executeQuery()) {
        for (int i = 1; rs.next(); i++) {
          var entry = read(() -> StoredJson.entry(rs.getString(1)));
          maps.written().log().put(entry.version(), WireJson.toJson(entry).toString());
          if (i % LOG_COMMIT == 0) {
            maps.commit();
          }
        }
      }
    }
    maps.commit();
  }

  /** The contacts in the rows' order, each added to {@code state} as it is read. */
  private static final class Contacts implements Iterator<ContactDto> {
    private final ResultSet rows;
    private final StateDigest state;
    private Boolean ahead;

    Contacts(ResultSet rows, StateDigest state) {
      this.rows = rows;
      this.state = state;
    }

    @Override
    public boolean hasNext() {
      if (ahead == null) {
        ahead = read(rows::next);
      }
      return ahead;
    }

    @Override
    public ContactDto next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ahead = null;
      // layouts 1 to 4 kept it as text; H2 hands text over as its UTF-8 bytes
      ContactDto contact = read(() -> StoredJson.contact(rows.getBytes(1)));
      state.add(contact);
      return contact;
    }
  }

  private interface Read<T> {
    T get() throws SQLException;
  }

  /** What the old copy holds, or {@link Damaged} if it cannot be read as the copy wrote it. */
  private static <T> T read(Read<T> read) {
    try {
      return read.get();
    } catch (SQLException | RuntimeException e) {
      throw new Damaged("reading the local copy", e);
    }
  }

  private static void deleteOldFiles(Path dataDir, Path next) {
    try {
      for (String name : FILES) {
        Files.deleteIfExists(dataDir.resolve(name));
      }
      Files.deleteIfExists(next);
    } catch (IOException e) {
      throw new StoreException("cannot delete the local copy's old files in " + dataDir, e);
    }
  }
}
