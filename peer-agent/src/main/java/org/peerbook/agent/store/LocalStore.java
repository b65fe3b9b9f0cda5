package org.peerbook.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The agent's local copy in one file of H2's MVStore ({@link CopyMaps}): contacts, their search
 * indexes, a window of the change log and the signed head. Every change of the copy is one commit,
 * so a crash at any moment leaves the copy at one signed version or the next, never between. This
 * class orders the changes ({@link MapDeltaWrite} a delta, {@link MapSnapshotLoad} a snapshot's
 * copy); {@link MapReads} answers the reads, {@link MapSearch} and {@link MapCandidates} the
 * lookups.
 *
 * <p>Changes are made one at a time; reads (lookups, peers' requests) see the last commit, so a
 * lookup answers at once even while a delta is being written. A first sync's copy goes live before
 * its indexes are built ({@link DeferredIndexes}); meanwhile lookups read the contacts.
 */
public final class LocalStore implements AutoCloseable {
  /** The copy's file in the data directory. */
  static final String FILE = "copy.mvstore";

  /** A snapshot being loaded, beside the copy, until it moves over it. */
  static final String NEXT_FILE = "copy-next.mvstore";

  /**
   * The copy's page cache (MiB); a snapshot load's own beside it is a quarter: an agent's heap is
   * small (AgentBenchmark: -Xmx128m).
   */
  private static final int CACHE_MIB = 16;

  private static final int LOAD_CACHE_MIB = 4;

  private final Path dataDir;
  private final MapReads reads;
  private final int retainedEntries;
  private final Object loading = new Object();
  // every change of the copy as one state; fair, so that a file move or a close gets its turn
  // between two of the index builder's runs
  private final ReentrantLock changes = new ReentrantLock(true);
  private final DeferredIndexes indexes;
  // the committed version, kept beside the copy: syncs ask for it at every wait for a source
  private volatile long version;
  private final FailedWrites failedWrites;

  private LocalStore(Path dataDir, CopyMaps maps, int retainedEntries, String problem) {
    this.dataDir = dataDir;
    this.reads = new MapReads(maps);
    this.failedWrites = new FailedWrites(reads, dataDir.resolve(FILE), CACHE_MIB, problem);
    this.indexes = new DeferredIndexes(changes, reads::writer);
    this.retainedEntries = retainedEntries;
    this.version = committedVersion();
    if (!reads.indexed() && maps.writable()) {
      // a first sync's build that a stop or a crash broke off, or an old copy just imported
      changes.lock();
      try {
        indexes.build();
      } finally {
        changes.unlock();
      }
    }
  }

  /**
   * Opens the copy in {@code dataDir}, or makes an empty one; a copy an older agent kept in SQL
   * tables is read into the file once ({@link OldSqlCopy}). A copy that cannot be written (a full
   * disk: its opening commits once) is opened read-only, answering from its last commit, with its
   * {@link #problem} said ({@link FailedWrites}).
   *
   * @param retainedEntries how many log entries to keep for serving deltas to peers
   */
  public static LocalStore open(Path dataDir, int retainedEntries) {
    try {
      Files.createDirectories(dataDir);
      // what a load left that a crash or a stop broke off
      Files.deleteIfExists(dataDir.resolve(NEXT_FILE));
    } catch (IOException e) {
      throw new StoreException("cannot open the local copy in " + dataDir, e);
    }
    Path file = dataDir.resolve(FILE);
    OldSqlCopy.importInto(dataDir, file, retainedEntries);
    try {
      return new LocalStore(dataDir, CopyMaps.open(file, CACHE_MIB), retainedEntries, "");
    } catch (CopyWriteException full) {
      return new LocalStore(
          dataDir, CopyMaps.openReadOnly(file, CACHE_MIB), retainedEntries, full.getMessage());
    }
  }

  /** Where the copy's file is. */
  public Path dataDir() {
    return dataDir;
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
    return indexes.building() || !reads.indexed();
  }

  private long committedVersion() {
    return head().map(SignedHead::version).orElse(0L);
  }

  public String headHash() {
    return head().map(SignedHead::hash).orElse(Hashes.ZERO);
  }

  /** The hash of the entry at {@code version}, if the copy can still tell. */
  public Optional<String> hashAt(long version) {
    return reads.hashAt(version);
  }

  public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return reads.entriesAfter(after, upTo, limit);
  }

  public Optional<ContactDto> contact(String id) {
    return reads.contactJson(id).map(StoredJson::contact);
  }

  /** The contact's JSON as the copy keeps it ({@link StoredJson}). */
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

  /**
   * Finds contacts by any combination of the criteria, in name order. Name prefixes, e-mail
   * addresses, phone numbers and departments go through the indexes ({@link MapSearch}), so that a
   * lookup stays instant at 100,000 contacts.
   */
  public List<ContactDto> search(Search search, int limit) {
    return searchJson(search, limit).stream().map(StoredJson::contact).toList();
  }

  /**
   * As {@link #search}, each contact's JSON as the copy keeps it ({@link StoredJson}): what the
   * lookup API answers, without parsing each contact and writing it out again.
   */
  public List<byte[]> searchJson(Search search, int limit) {
    return reads.read(maps -> MapSearch.search(maps, search, limit));
  }

  /**
   * The contacts that may match a directory search, in id order after {@code afterId} ({@code
   * null}: from the first).
   */
  public CandidatePages candidates(Candidates candidates, String afterId) {
    String after = afterId == null ? "" : afterId;
    Optional<List<String>> ids = reads.read(maps -> MapCandidates.ids(maps, candidates, after));
    return ids.isPresent()
        ? CandidatePages.of(reads, ids.get())
        : CandidatePages.scan(reads, after);
  }

  /**
   * The contacts that may match a search whose answer needs no order (one not paged): the first
   * {@code likely} the indexes yield, and only if those do not suffice, the others in id order. A
   * name or e-mail prefix as typed has thousands of candidates, of which the client shows 100.
   */
  public CandidatePages candidatesInAnyOrder(Candidates candidates, int likely) {
    Optional<List<String>> first =
        reads.read(maps -> MapCandidates.first(maps, candidates, likely));
    if (first.isEmpty()) {
      return CandidatePages.scan(reads, "");
    }
    // fewer than asked for: the first read found them all
    Supplier<List<String>> all =
        first.get().size() < likely
            ? first::get
            : () -> reads.read(maps -> MapCandidates.ids(maps, candidates, "")).orElseGet(List::of);
    return CandidatePages.firstThen(reads, first.get(), all);
  }

  /**
   * Applies verified entries and moves the copy to {@code head}, in one commit ({@link
   * MapDeltaWrite}). The caller has checked the chain and the signature; the state digest is
   * checked here against the copy itself, so that a copy that drifted is never signed off as the
   * head. Waits while the copy's indexes are being built: the entries' keys are written to them.
   *
   * @throws CopyMovedException if the entries do not start right after the copy's version (another
   *     sync moved it since they were verified)
   */
  public void applyDelta(List<ChangeEntry> entries, SignedHead head) {
    changes.lock();
    try {
      indexes.await();
      MapDeltaWrite.apply(reads.writer(), entries, head, retainedEntries);
      version = head.version();
      failedWrites.succeeded();
    } catch (CopyWriteException e) {
      failedWrites.failed(e);
      throw e;
    } finally {
      changes.unlock();
    }
  }

  /**
   * Why the last change of the copy failed in the file system ("cannot write the copy: No space
   * left on device"); empty once a change went in, or if none failed ({@link FailedWrites}).
   */
  public String problem() {
    return failedWrites.problem();
  }

  /**
   * Whether the copy can take changes now; after a failed write it tries to open the copy writable
   * again ({@link FailedWrites}). Asked before a sync, which should not fetch what it cannot write.
   */
  public boolean writable() {
    changes.lock();
    try {
      return failedWrites.writable();
    } finally {
      changes.unlock();
    }
  }

  /**
   * Replaces the whole copy by a snapshot's contacts as they come. The caller verifies the contacts
   * on the way (the iterator throws to refuse them); the state digest is checked here once more,
   * against the contacts actually written. They are loaded beside the copy ({@link
   * MapSnapshotLoad}), which meanwhile serves lookups and peers as it was, and replace it in one
   * file move: a crash at any moment leaves the old copy or the new one. A first sync's copy
   * answers as soon as its contacts are in; its search indexes follow on a thread of their own
   * ({@link #indexing}). A copy that reached the snapshot's version during the load (another sync)
   * is kept, so it never goes back.
   *
   * @return how many contacts the copy now holds
   */
  public int replaceWithSnapshot(SignedHead head, Iterator<ContactDto> contacts) {
    return replaceWithSnapshot(head, contacts, null);
  }

  /**
   * As {@link #replaceWithSnapshot(SignedHead, Iterator)}, taking the contacts' state digest from
   * their verifier ({@code verified}, asked for once the contacts are all in) instead of computing
   * it again: its expansion per contact is the snapshot's largest cost after the store's.
   */
  public int replaceWithSnapshot(
      SignedHead head, Iterator<ContactDto> contacts, Supplier<StateDigest> verified) {
    synchronized (loading) {
      // a copy with contacts answers lookups, fast, until the new one has its indexes too; an
      // empty one has nothing to answer with, and the new one goes live as soon as its contacts
      // are in
      boolean withIndexes = version() > 0;
      Path next = dataDir.resolve(NEXT_FILE);
      try {
        // the load's own file: the copy itself stays as it was, writable
        MapSnapshotLoad.load(next, head, contacts, verified, withIndexes, LOAD_CACHE_MIB);
      } catch (CopyWriteException e) {
        changes.lock();
        try {
          failedWrites.failed(e);
        } finally {
          changes.unlock();
        }
        throw e;
      }
      int count = moveOver(head, next);
      failedWrites.succeeded();
      return count;
    }
  }

  /** Makes the loaded snapshot the copy; no read or change runs while the files change. */
  private int moveOver(SignedHead head, Path next) {
    changes.lock();
    try {
      if (head.version() <= version()) {
        deleteLoad(next);
        return count();
      }
      // the build's file is about to go; the new one has its indexes or gets a build of its own
      indexes.cancel();
      Path file = dataDir.resolve(FILE);
      reads.replaceFile(
          () -> {
            try {
              Files.move(
                  next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
              throw new StoreException("moving the snapshot at " + head.version() + " in place", e);
            }
          },
          () -> CopyMaps.open(file, CACHE_MIB));
      version = committedVersion();
      if (!reads.indexed()) {
        indexes.build();
      }
      return count();
    } finally {
      changes.unlock();
    }
  }

  private static void deleteLoad(Path next) {
    try {
      Files.deleteIfExists(next);
    } catch (IOException e) {
      throw new StoreException("cannot delete a snapshot load's file " + next, e);
    }
  }

  /** The copy's reads; a test looks at the maps through them. */
  MapReads reads() {
    return reads;
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
   * Writes the whole copy and the head it is at, read as one state; changes go on meanwhile.
   *
   * @return false if the copy never synced (nothing was written)
   */
  public boolean exportSnapshot(SnapshotWriter writer) throws IOException {
    try (MapReads.Snapshot snapshot = reads.open()) {
      Optional<SignedHead> head = MapHead.signed(snapshot.maps().head());
      if (head.isEmpty()) {
        return false;
      }
      writer.head(head.get());
      Cursor<String, byte[]> contacts = snapshot.maps().contacts().cursor(null);
      while (contacts.hasNext()) {
        contacts.next();
        writer.contact(StoredJson.text(contacts.getValue()));
      }
      return true;
    }
  }

  /** Breaks off an index build (the next start does it again) and closes the file. */
  @Override
  public void close() {
    indexes.close();
    changes.lock();
    try {
      reads.close();
    } finally {
      changes.unlock();
    }
  }
}
