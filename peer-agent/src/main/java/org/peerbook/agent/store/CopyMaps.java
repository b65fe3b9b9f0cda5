package org.peerbook.agent.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The copy's file, one MVStore of H2's: a map from contact id to the contact's JSON, one sorted set
 * of keys per {@link SearchIndex}, the log window (version to entry JSON) and the head. A delta
 * rewrites a contact's JSON and only those keys that changed, where the SQL tables the copy was
 * kept in before rewrote every index entry of a changed row: a 10,000-entry delta took 3 s there
 * and a quarter of that here ({@code StoreBenchmark}).
 *
 * <p>Every change is one {@link #commit}: the MVStore writes the commit's pages, then the root that
 * makes them current, so a crash at any moment reopens the file at one commit or the next. Nothing
 * is written between two commits: no store by time, and none by memory either (which {@code
 * autoCommitDisabled} alone still does once 8 MiB of pages are unsaved, so a large change would be
 * half on disk at a crash). A change broken off is {@link #rollback rolled back}, and {@link
 * #close} rolls back what was not committed instead of storing it.
 *
 * <p>Readers take a {@link View}: every map as the last commit left it, while the writer goes on.
 * One writer at a time; views from any thread.
 */
final class CopyMaps implements AutoCloseable {
  private static final String CONTACTS = "contact";
  private static final String LOG = "log";
  private static final String HEAD = "head";
  // how often the file was opened: a map of its own, one entry
  private static final String OPENINGS = "openings";

  /**
   * Below this share of live data in the file's chunks a commit first moves the live pages of the
   * emptiest chunks into its own, so that those chunks free. A copy that follows the book change by
   * change commits a chunk per change, whose pages its next changes leave dead but for the changed
   * contacts' own, so no chunk ever emptied: a copy of 10,000 contacts, 3.1 MB after its load, took
   * 22 MB after 3,000 changes and was still growing (at most 6.5 MB with this; {@code
   * CopyFileSizeTest}); one of 20,000 levelled at seven times its load.
   */
  private static final int FILL_TARGET = 70;

  /** The most one commit moves for that: ~15 ms of writing. */
  private static final int COMPACTION_BYTES = 1 << 20;

  /**
   * Commits at least between two compactions: the store's measure of what is live is an estimate,
   * which with larger moves stayed below the target however much was moved, a move every commit.
   */
  private static final int COMMITS_PER_COMPACTION = 8;

  private final MVStore store;
  private final Maps written;
  private int commitsSinceCompaction;
  // what view() hands out: the maps as the last commit left them
  private volatile View committed;

  private CopyMaps(MVStore store) {
    this.store = store;
    Map<SearchIndex, MVMap<String, String>> indexes = new EnumMap<>(SearchIndex.class);
    for (SearchIndex index : SearchIndex.values()) {
      indexes.put(index, store.openMap(index.mapName()));
    }
    this.written =
        new Maps(store.openMap(CONTACTS), indexes, store.openMap(LOG), store.openMap(HEAD));
    if (store.isReadOnly()) {
      // nothing is ever written: the maps stay as the file's last commit left them
      publish(new View(store.registerVersionUsage(), written));
      return;
    }
    // every opening commits once (a new file its maps), so that the first view is a commit's
    // like every later one, its pages kept for as long as it is read
    MVMap<String, Long> openings = store.openMap(OPENINGS);
    openings.merge(OPENINGS, 1L, Long::sum);
    commit();
  }

  /**
   * Opens the file read-only at its last commit, for reads while it cannot be written (a full
   * disk): lookups go on from the copy as it was.
   *
   * @throws StoreException if the file cannot be opened
   */
  static CopyMaps openReadOnly(Path file, int cacheMib) {
    return open(
        file, new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMib).readOnly());
  }

  /** Whether changes can be written: not opened read-only, and no write failed since opening. */
  boolean writable() {
    return !store.isReadOnly() && !store.isClosed();
  }

  /**
   * Opens the file, or makes it, at its last commit.
   *
   * @param cacheMib the page cache
   * @throws StoreException if the file cannot be opened (not an MVStore file, locked by another
   *     process)
   */
  static CopyMaps open(Path file, int cacheMib) {
    return open(
        file,
        new MVStore.Builder()
            .fileName(file.toString())
            .cacheSize(cacheMib)
            .autoCommitDisabled()
            .autoCommitBufferSize(0)
            // a 10,000-entry delta changes contacts all over the map, so its commit writes most of
            // the contacts' pages again, gathered in one buffer first: 35 MB of them uncompressed,
            // more than a 128 MB heap had to spare (StoreBenchmark)
            .compress());
  }

  private static CopyMaps open(Path file, MVStore.Builder builder) {
    try {
      MVStore store = builder.open();
      try {
        return new CopyMaps(store);
      } catch (RuntimeException e) {
        store.closeImmediately();
        throw e;
      }
    } catch (MVStoreException e) {
      throw new StoreException("cannot open the copy's file " + file + ": " + rootCause(e), e);
    }
  }

  /** What the file system said, under the store's own words ("No space left on device"). */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /**
   * The copy's maps: the contacts' JSON by id, the keys of each search index ({@link ContactKeys}),
   * the log window (each entry's JSON by version), the head and what belongs with it (its state
   * digest, the count) by name.
   */
  record Maps(
      MVMap<String, byte[]> contacts,
      Map<SearchIndex, MVMap<String, String>> indexes,
      MVMap<Long, String> log,
      MVMap<String, String> head) {

    MVMap<String, String> index(SearchIndex index) {
      return indexes.get(index);
    }

    /** The same maps as they were at {@code version}, read-only. */
    private Maps at(long version) {
      Map<SearchIndex, MVMap<String, String>> then = new EnumMap<>(SearchIndex.class);
      indexes.forEach((index, map) -> then.put(index, map.openVersion(version)));
      return new Maps(
          contacts.openVersion(version), then, log.openVersion(version), head.openVersion(version));
    }
  }

  /** The writer's maps: what it wrote so far, committed or not. */
  Maps written() {
    return written;
  }

  /**
   * Makes everything written since the last commit current and durable, at once, and the maps as it
   * left them what {@link #view} hands out from now on.
   */
  void commit() {
    if (!store.hasUnsavedChanges()) {
      return;
    }
    // taken before the commit, so that it holds the version the commit writes (the store counts
    // a use from the version current at the moment), whose pages the view reads
    MVStore.TxCounter use = store.registerVersionUsage();
    try {
      compactIfSparse();
      store.commit();
      publish(new View(use, written.at(use.version)));
    } catch (MVStoreException e) {
      // the store closed itself: the file holds the last commit, which a new opening reads
      throw new CopyWriteException("cannot write the copy: " + rootCause(e), e);
    } catch (RuntimeException e) {
      store.deregisterVersionUsage(use);
      throw e;
    }
  }

  /** Moves live pages out of the emptiest chunks into the commit about to be written. */
  private void compactIfSparse() {
    if (++commitsSinceCompaction >= COMMITS_PER_COMPACTION
        && store.compact(FILL_TARGET, COMPACTION_BYTES)) {
      commitsSinceCompaction = 0;
    }
  }

  /**
   * How long a chunk nothing lives in any more is kept before its space is written again: the
   * store's default (45 s) gives the file system time to write the commits that replaced it back to
   * the disk, so that a power cut finds them. Tests shorten it.
   */
  void retainDeadChunksFor(Duration time) {
    store.setRetentionTime((int) time.toMillis());
  }

  private void publish(View next) {
    View before = committed;
    committed = next;
    if (before != null) {
      before.close();
    }
  }

  /**
   * Takes back everything written since the last commit; nothing to take back when a failed write
   * closed the store (the file holds the last commit).
   */
  void rollback() {
    if (writable()) {
      store.rollback();
    }
  }

  /** Every map as the last commit left it, until the view is closed; from any thread. */
  View view() {
    while (true) {
      View last = committed;
      if (last.take()) {
        return last;
      }
      // a commit replaced it and its last reader let go meanwhile: the next one is there
    }
  }

  /**
   * The maps at one commit, shared by every reader until the next commit. The store keeps that
   * commit's pages until the view's last reader closes it, however many commits follow: close it
   * when done.
   */
  final class View implements AutoCloseable {
    private final MVStore.TxCounter use;
    private final Maps maps;
    // the readers holding the view, and the store's own hold while it is the last commit's
    private final AtomicInteger holds = new AtomicInteger(1);

    private View(MVStore.TxCounter use, Maps maps) {
      this.use = use;
      this.maps = maps;
    }

    Maps maps() {
      return maps;
    }

    /** The commit this view shows, as the store counts them. */
    long version() {
      return use.version;
    }

    private boolean take() {
      int now;
      do {
        now = holds.get();
        if (now == 0) {
          return false;
        }
      } while (!holds.compareAndSet(now, now + 1));
      return true;
    }

    @Override
    public void close() {
      if (holds.decrementAndGet() == 0) {
        store.deregisterVersionUsage(use);
      }
    }
  }

  /** Takes back what was not committed, then closes the file. */
  @Override
  public void close() {
    if (store.isClosed()) {
      return;
    }
    if (!store.isReadOnly()) {
      store.rollback();
    }
    publish(null);
    store.close();
  }
}
