package org.peerbook.agent.store;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The copy's next layout, in one file of H2's MVStore: a map from contact id to the contact's JSON,
 * one sorted set of keys per {@link SearchIndex}, the log window (version to entry JSON) and the
 * head. Not the copy yet: {@link LocalStore} keeps it in SQL tables; {@code MapLayoutTrial}
 * measures this layout against them.
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

  private final MVStore store;
  private final Maps written;

  private CopyMaps(MVStore store) {
    this.store = store;
    Map<SearchIndex, MVMap<String, String>> indexes = new EnumMap<>(SearchIndex.class);
    for (SearchIndex index : SearchIndex.values()) {
      indexes.put(index, store.openMap(index.mapName()));
    }
    this.written =
        new Maps(store.openMap(CONTACTS), indexes, store.openMap(LOG), store.openMap(HEAD));
    if (store.hasUnsavedChanges()) {
      // a new file: its maps exist from a commit on, so that a view always finds them
      store.commit();
    }
  }

  /**
   * Opens the file, or makes it, at its last commit.
   *
   * @param cacheMib the page cache
   * @throws StoreException if the file cannot be opened (not an MVStore file, locked by another
   *     process)
   */
  static CopyMaps open(Path file, int cacheMib) {
    try {
      MVStore store =
          new MVStore.Builder()
              .fileName(file.toString())
              .cacheSize(cacheMib)
              .autoCommitDisabled()
              .autoCommitBufferSize(0)
              // a 10,000-entry delta changes contacts all over the map, so its commit writes most
              // of the contacts' pages again, gathered in one buffer first: 35 MB of them
              // uncompressed, more than a 128 MB heap had to spare (MapLayoutTrial)
              .compress()
              .open();
      try {
        return new CopyMaps(store);
      } catch (RuntimeException e) {
        store.closeImmediately();
        throw e;
      }
    } catch (MVStoreException e) {
      throw new StoreException("cannot open the copy's file " + file, e);
    }
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

    /** The same maps as they were at {@code version}. */
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

  /** Makes everything written since the last commit current and durable, at once. */
  void commit() {
    store.commit();
  }

  /** Takes back everything written since the last commit. */
  void rollback() {
    store.rollback();
  }

  /** Every map as the last commit left it, until the view is closed. */
  View view() {
    MVStore.TxCounter use = store.registerVersionUsage();
    try {
      return new View(use, store.getCurrentVersion() - 1);
    } catch (RuntimeException e) {
      store.deregisterVersionUsage(use);
      throw e;
    }
  }

  /**
   * The maps at one commit. The store keeps that commit's pages until the view is closed, however
   * many commits follow: close it when done.
   */
  final class View implements AutoCloseable {
    private final MVStore.TxCounter use;
    private final long version;
    private final Maps maps;

    private View(MVStore.TxCounter use, long version) {
      this.use = use;
      this.version = version;
      this.maps = written.at(version);
    }

    Maps maps() {
      return maps;
    }

    /** The commit this view shows, as the store counts them. */
    long version() {
      return version;
    }

    @Override
    public void close() {
      store.deregisterVersionUsage(use);
    }
  }

  /** Takes back what was not committed, then closes the file. */
  @Override
  public void close() {
    if (!store.isClosed()) {
      store.rollback();
      store.close();
    }
  }
}
