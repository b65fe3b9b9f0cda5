package org.peerbook.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.function.Supplier;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * A snapshot loaded beside the copy, into a database file of its own that becomes the copy only
 * once it holds the whole signed book ({@link LocalStore} moves it over the copy). Nobody reads
 * that file while it loads, so its rows commit batch by batch, on a thread of their own while the
 * next contacts arrive ({@link BackgroundInsert}): no transaction has to hold 100,000 contacts. Its
 * search indexes are built after the last row: here, when the copy it replaces has contacts to
 * answer lookups with meanwhile; otherwise (a first sync) once it is the copy, by {@link
 * DeferredIndexes}, so that lookups have answers seconds earlier. A snapshot refused or broken off
 * half-way, or a crash, leaves the copy as it was and a file that the next load or start deletes.
 */
final class SnapshotLoad {
  /** The database name of a snapshot being loaded, beside the copy's. */
  static final String NAME = "copy-next";

  /**
   * The load's page cache (KiB): it writes, and reads only while building the indexes, in key
   * order; beside the copy's own cache, a quarter of it kept 12 MiB off an agent's small heap and
   * spared a second of garbage collection per 100,000 contacts at -Xmx128m.
   */
  private static final int CACHE_KIB = 4 * 1024;

  private SnapshotLoad() {}

  /**
   * Loads {@code contacts} into a new file in {@code dataDir} and moves the copy's head there, if
   * they are the book {@code head} signs; the file is closed and ready to be moved over the copy.
   *
   * @param verified the state digest of the contacts as their verifier computed it, asked for once
   *     they are all in; {@code null}: computed here
   * @param withIndexes whether to build the search indexes before the file is ready
   * @throws StoreException if the contacts are not the signed book (nothing is left behind)
   */
  static void load(
      Path dataDir,
      SignedHead head,
      Iterator<ContactDto> contacts,
      Supplier<StateDigest> verified,
      boolean withIndexes) {
    discard(dataDir);
    try (Connection connection = CopyDatabase.connect(dataDir, NAME, CACHE_KIB)) {
      StoreSchema.createWithoutIndexes(connection);
      StateDigest own = verified == null ? StateDigest.empty() : null;
      int count = 0;
      try (var inserts = new BackgroundInsert(connection)) {
        while (contacts.hasNext()) {
          ContactDto contact = contacts.next();
          if (own != null) {
            own.add(contact);
          }
          inserts.add(ContactRows.of(contact));
          count++;
        }
        inserts.finish();
      }
      StateDigest state = own != null ? own : verified.get();
      if (!state.digest().equals(head.stateDigest())) {
        throw new StoreException(
            "the copy would differ from the signed book at " + head.version(), null);
      }
      if (withIndexes) {
        StoreSchema.createIndexes(connection);
      }
      HeadRow.write(connection, head, state, count);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      discard(dataDir);
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new StoreException("loading the snapshot at " + head.version(), e);
    }
  }

  /** The loaded file, under the name H2 gives a database called {@link #NAME}. */
  static Path file(Path dataDir) {
    return CopyDatabase.file(dataDir, NAME);
  }

  /** Deletes what a load left, finished or not. */
  static void discard(Path dataDir) {
    try {
      Files.deleteIfExists(file(dataDir));
      Files.deleteIfExists(dataDir.resolve(NAME + ".trace.db"));
    } catch (IOException e) {
      throw new StoreException("cannot delete an unfinished snapshot load in " + dataDir, e);
    }
  }
}
