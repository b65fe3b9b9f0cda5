package org.peerbook.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The agent's local copy in an embedded H2 file: contacts, a window of the change log and the
 * signed head. Every change of the copy is one transaction, so a crash at any moment leaves the
 * copy at one signed version or the next, never between. Only this package knows SQL: this class
 * makes the changes ({@link DeltaWrite} a delta's rows, {@link SnapshotLoad} a snapshot's copy),
 * {@link StoreReads} answers the reads, {@link CopyDatabase} opens the files.
 *
 * <p>Changes go through one connection, one at a time; reads (lookups, peers' requests) go through
 * a second one and see the last committed version, so a lookup answers at once even while a
 * snapshot of 100,000 contacts is being applied. A first sync's copy goes live before its indexes
 * are built ({@link DeferredIndexes}); meanwhile a lookup waits for the index being built.
 */
public final class LocalStore implements AutoCloseable {
  private final Path dataDir;
  private Connection connection;
  private final StoreReads reads;
  private final ContactSearch searches;
  private final int retainedEntries;
  private final Object loading = new Object();
  // every change of the copy and every read of it as one state; fair, so that a snapshot export
  // gets its turn between two of the index builder's indexes instead of after all of them
  private final ReentrantLock changes = new ReentrantLock(true);
  private final DeferredIndexes indexes = new DeferredIndexes(changes, () -> connection);
  // the committed version, kept beside the copy: syncs ask for it at every wait for a source
  private volatile long version;

  private LocalStore(
      Path dataDir,
      Connection connection,
      Connection reader,
      int retainedEntries,
      boolean lacksIndexes) {
    this.dataDir = dataDir;
    this.connection = connection;
    this.reads = new StoreReads(reader, indexes::complete, changes);
    this.searches = new ContactSearch(reads);
    this.retainedEntries = retainedEntries;
    this.version = committedVersion();
    if (lacksIndexes) {
      // a first sync's build that a stop or a crash broke off: the rest is built now
      changes.lock();
      try {
        indexes.build();
      } finally {
        changes.unlock();
      }
    }
  }

  /**
   * @param retainedEntries how many log entries to keep for serving deltas to peers
   */
  public static LocalStore open(Path dataDir, int retainedEntries) {
    try {
      Files.createDirectories(dataDir);
      SnapshotLoad.discard(dataDir);
      Connection connection = CopyDatabase.connect(dataDir, CopyDatabase.NAME);
      StoreSchema.upgrade(connection);
      return new LocalStore(
          dataDir,
          connection,
          CopyDatabase.reader(dataDir),
          retainedEntries,
          StoreSchema.lacksIndexes(connection));
    } catch (IOException | SQLException e) {
      throw new StoreException("cannot open the local copy in " + dataDir, e);
    }
  }

  /** The signed head the copy is at; empty for a copy that never synced. */
  public Optional<SignedHead> head() {
    return reads.head();
  }

  public long version() {
    return version;
  }

  /**
   * Whether the copy's search indexes are being built ({@link DeferredIndexes}): lookups answer,
   * more slowly; changes wait.
   */
  public boolean indexing() {
    return indexes.building();
  }

  private long committedVersion() {
    return head().map(SignedHead::version).orElse(0L);
  }

  public String headHash() {
    return head().map(SignedHead::hash).orElse(Hashes.ZERO);
  }

  /** See {@link StoreReads#hashAt}. */
  public Optional<String> hashAt(long version) {
    return reads.hashAt(version);
  }

  public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return reads.entriesAfter(after, upTo, limit);
  }

  public Optional<ContactDto> contact(String id) {
    return reads.contact(id);
  }

  /** See {@link StoreReads#contactJson}. */
  public Optional<byte[]> contactJson(String id) {
    return reads.contactJson(id);
  }

  /** Version and number of contacts, read together. */
  public record Summary(long version, int contacts) {}

  public Summary summary() {
    return reads.summary();
  }

  public int count() {
    return summary().contacts();
  }

  /** What a mail client looks for: any of the criteria, case-insensitive, at most {@code limit}. */
  public record Search(String namePrefix, String email, String phone, String department) {}

  /** See {@link ContactSearch#search}. */
  public List<ContactDto> search(Search search, int limit) {
    return searches.search(search, limit);
  }

  /** See {@link ContactSearch#searchJson}. */
  public List<byte[]> searchJson(Search search, int limit) {
    return searches.searchJson(search, limit);
  }

  /** See {@link StoreReads#candidates}. */
  public CandidatePages candidates(Candidates candidates, String afterId) {
    return reads.candidates(candidates, afterId);
  }

  /** See {@link StoreReads#candidatesInAnyOrder}. */
  public CandidatePages candidatesInAnyOrder(Candidates candidates, int likely) {
    return reads.candidatesInAnyOrder(candidates, likely);
  }

  /**
   * Applies verified entries and moves the copy to {@code head}, in one transaction. The caller has
   * checked the chain and the signature; the state digest is checked here against the copy itself,
   * so that a copy that drifted is never signed off as the head. Waits while the copy's indexes are
   * being built: the entries' old rows are found through them.
   *
   * @throws CopyMovedException if the entries do not start right after the copy's version (another
   *     sync moved it since they were verified)
   */
  public void applyDelta(List<ChangeEntry> entries, SignedHead head) {
    changes.lock();
    try {
      indexes.await();
      applyDeltaNow(entries, head);
    } finally {
      changes.unlock();
    }
  }

  private void applyDeltaNow(List<ChangeEntry> entries, SignedHead head) {
    try {
      long from = entries.isEmpty() ? head.version() : entries.get(0).version() - 1;
      long now = HeadRow.version(connection);
      if (from != now) {
        throw new CopyMovedException(from, now);
      }
      StateDigest state = HeadRow.lanes(connection);
      long logFloor = head.version() - retainedEntries;
      int contacts =
          HeadRow.contacts(connection) + DeltaWrite.apply(connection, entries, state, logFloor);
      if (!state.digest().equals(head.stateDigest())) {
        throw new StoreException(
            "the copy would differ from the signed book at " + head.version(), null);
      }
      HeadRow.write(connection, head, state, contacts);
      execute("DELETE FROM log_entry WHERE version <= ?", logFloor);
      connection.commit();
      version = head.version();
    } catch (SQLException | RuntimeException e) {
      throw rollback("applying entries up to " + head.version(), e);
    }
  }

  /**
   * Replaces the whole copy by a snapshot's contacts as they come. The caller verifies the contacts
   * on the way (the iterator throws to refuse them); the state digest is checked here once more,
   * against the rows actually written. They are loaded beside the copy ({@link SnapshotLoad}),
   * which meanwhile serves lookups and peers as it was, and replace it in one file move: a crash at
   * any moment leaves the old copy or the new one. A first sync's copy answers as soon as its rows
   * are in; its search indexes follow on a thread of their own ({@link #indexing}), lookups waiting
   * for each index in turn. A copy that reached the snapshot's version during the load (another
   * sync) is kept, so it never goes back.
   *
   * @return how many contacts the copy now holds
   */
  public int replaceWithSnapshot(SignedHead head, Iterator<ContactDto> contacts) {
    return replaceWithSnapshot(head, contacts, null);
  }

  /**
   * As {@link #replaceWithSnapshot(SignedHead, Iterator)}, taking the contacts' state digest from
   * their verifier ({@code verified}, asked for once the contacts are all in) instead of computing
   * it again: its expansion per contact is the snapshot's largest cost after the database's.
   */
  public int replaceWithSnapshot(
      SignedHead head, Iterator<ContactDto> contacts, Supplier<StateDigest> verified) {
    synchronized (loading) {
      // a copy with contacts answers lookups, fast, until the new one has its indexes too; an
      // empty one has nothing to answer with, and the new one goes live as soon as its rows are in
      boolean withIndexes = version() > 0;
      SnapshotLoad.load(dataDir, head, contacts, verified, withIndexes);
      return moveOver(head, withIndexes);
    }
  }

  /** Makes the loaded snapshot the copy; no read or change runs while the files change. */
  private int moveOver(SignedHead head, boolean withIndexes) {
    changes.lock();
    try {
      return moveOverNow(head, withIndexes);
    } finally {
      changes.unlock();
    }
  }

  private int moveOverNow(SignedHead head, boolean withIndexes) {
    if (head.version() <= version()) {
      SnapshotLoad.discard(dataDir);
      return count();
    }
    if (!withIndexes) {
      // asked for before the reads move to the new file, so that none of them relies on its
      // indexes; the build starts once this move lets go of the lock
      indexes.build();
    }
    try {
      reads.reopenAround(
          () -> {
            connection.close();
            try {
              Files.move(
                  SnapshotLoad.file(dataDir),
                  CopyDatabase.file(dataDir, CopyDatabase.NAME),
                  StandardCopyOption.REPLACE_EXISTING,
                  StandardCopyOption.ATOMIC_MOVE);
            } finally {
              connection = CopyDatabase.connect(dataDir, CopyDatabase.NAME);
            }
          },
          () -> CopyDatabase.reader(dataDir));
    } catch (IOException | SQLException e) {
      throw new StoreException("moving the snapshot at " + head.version() + " in place", e);
    }
    version = committedVersion();
    return count();
  }

  /** The lock every change of the copy holds; a test holds it to keep changes and builds back. */
  ReentrantLock changeLock() {
    return changes;
  }

  /** Receives the copy as a snapshot: its head first, then every contact's JSON in id order. */
  public interface SnapshotWriter {
    void head(SignedHead head) throws IOException;

    void contact(String json) throws IOException;
  }

  /**
   * Writes the whole copy and the head it is at, read as one state.
   *
   * @return false if the copy never synced (nothing was written)
   */
  public boolean exportSnapshot(SnapshotWriter writer) throws IOException {
    changes.lock();
    try {
      return exportSnapshotNow(writer);
    } finally {
      changes.unlock();
    }
  }

  private boolean exportSnapshotNow(SnapshotWriter writer) throws IOException {
    Optional<SignedHead> head = head();
    if (head.isEmpty()) {
      return false;
    }
    writer.head(head.get());
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT json FROM contact ORDER BY id")) {
      while (rs.next()) {
        writer.contact(StoredJson.textAt(rs, 1));
      }
      connection.commit();
      return true;
    } catch (SQLException e) {
      throw rollback("reading contacts", e);
    }
  }

  /** Breaks off an index build (the next start finishes it) and closes the files. */
  @Override
  public void close() {
    indexes.close();
    changes.lock();
    try (reads) {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing the local copy", e);
    } finally {
      changes.unlock();
    }
  }

  private void execute(String statement, Object... parameters) throws SQLException {
    try (PreparedStatement sql = connection.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        sql.setObject(i + 1, parameters[i]);
      }
      sql.executeUpdate();
    }
  }

  /**
   * Undoes the transaction. A refusal from the caller's side (a verification failure, a broken
   * stream) passes through as it was thrown, so the caller can still tell what went wrong.
   */
  private RuntimeException rollback(String what, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    return cause instanceof RuntimeException unchecked
        ? unchecked
        : new StoreException(what, cause);
  }
}
