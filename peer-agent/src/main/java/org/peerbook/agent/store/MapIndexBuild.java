package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.h2.mvstore.Cursor;

/**
 * Builds every {@link SearchIndex} map from the copy's contacts, after a snapshot's contacts went
 * in without them ({@link MapSnapshotLoad}). One pass over the contacts, each parsed once, its keys
 * gathered per index and put away in sorted runs ({@link SortedRuns}); then each index is written
 * in key order, its runs merged, committing every {@link #RUN_KEYS} keys.
 *
 * <p>Why not write each run into the maps as it is made: the copy's maps keep every page a commit
 * changes on the heap until that commit, and a run's keys, sorted but spread over the whole index,
 * change most of its pages. With names unrelated to ids (as a directory's ids are) that overran a
 * 128 MB heap at 100,000 contacts, OutOfMemoryError in MVStore's write buffer; each index's part of
 * a run committed on its own, it fitted, barely, in 10-11 s of CPU with a 108 MiB file. Keys in
 * order fill pages that are written once: 34 MiB, 5.6-6.6 s of CPU (MapLoadBenchmark).
 *
 * <p>The writes and commit of each batch hold the copy's change lock and let go of it between
 * batches, so a close or a snapshot export gets its turn. A build stopped, or a crash, leaves the
 * copy saying its indexes are due ({@link MapHead#indexed}); the next build clears them and starts
 * over.
 */
final class MapIndexBuild {
  private static final Logger LOG = Logger.getLogger(MapIndexBuild.class.getName());

  /**
   * Keys held as strings before they are put away in a run, and keys written between two commits:
   * about 10 MB of strings, or of the pages they fill. Runs of 250,000 were no faster
   * (MapLoadBenchmark), only more of an agent's 128 MB heap.
   */
  static final int RUN_KEYS = 100_000;

  private final CopyMaps maps;
  private final Lock changes;
  private final BooleanSupplier stopped;
  private final int runKeys;
  private final Map<SearchIndex, SortedRuns> runs = new EnumMap<>(SearchIndex.class);
  private boolean cleared;

  private MapIndexBuild(CopyMaps maps, Lock changes, BooleanSupplier stopped, int runKeys) {
    this.maps = maps;
    this.changes = changes;
    this.stopped = stopped;
    this.runKeys = runKeys;
    for (SearchIndex index : SearchIndex.values()) {
      runs.put(index, new SortedRuns());
    }
  }

  /**
   * Builds the indexes from the contacts as they are; nothing else may change the contacts
   * meanwhile.
   *
   * @param changes the lock every change of the copy holds: each batch's writes and commit hold it
   * @param stopped asked between runs and between batches (holding the lock)
   * @return whether the build finished; false if {@code stopped} said so (a later build redoes it)
   */
  static boolean build(CopyMaps maps, Lock changes, BooleanSupplier stopped) {
    return build(maps, changes, stopped, RUN_KEYS);
  }

  /** As {@link #build(CopyMaps, Lock, BooleanSupplier)}, with runs of {@code runKeys} keys. */
  static boolean build(CopyMaps maps, Lock changes, BooleanSupplier stopped, int runKeys) {
    return new MapIndexBuild(maps, changes, stopped, runKeys).build();
  }

  private boolean build() {
    long started = System.nanoTime();
    try {
      if (!gather()) {
        return false;
      }
    } catch (RuntimeException e) {
      // read without the lock: a copy closed after it said stop is read no more
      if (stopped.getAsBoolean()) {
        return false;
      }
      throw e;
    }
    SearchIndex[] indexes = SearchIndex.values();
    for (int i = 0; i < indexes.length; i++) {
      Iterator<String> keys = runs.get(indexes[i]).merged();
      boolean lastIndex = i == indexes.length - 1;
      do {
        if (!write(indexes[i], keys, lastIndex)) {
          return false;
        }
      } while (keys.hasNext());
    }
    LOG.fine(() -> "search indexes in after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    return true;
  }

  /**
   * Reads every contact once, its keys put away in runs; false if stopped between two runs. Without
   * the lock: nothing is written.
   */
  private boolean gather() {
    Map<SearchIndex, List<String>> held = new EnumMap<>(SearchIndex.class);
    for (SearchIndex index : SearchIndex.values()) {
      held.put(index, new ArrayList<>());
    }
    int count = 0;
    Cursor<String, byte[]> contacts = maps.written().contacts().cursor(null);
    while (contacts.hasNext()) {
      contacts.next();
      ContactKeys keys = ContactKeys.of(StoredJson.contact(contacts.getValue()));
      for (SearchIndex index : SearchIndex.values()) {
        held.get(index).addAll(keys.in(index));
        count += keys.in(index).size();
      }
      if (count >= runKeys) {
        held.forEach((index, run) -> runs.get(index).add(run));
        count = 0;
        if (stopped.getAsBoolean()) {
          return false;
        }
      }
    }
    held.forEach((index, run) -> runs.get(index).add(run));
    return true;
  }

  /**
   * Writes the next batch of {@code keys} into its index and commits, the first batch clearing
   * every index first, the last recording they are built; false if stopped instead.
   */
  private boolean write(SearchIndex index, Iterator<String> keys, boolean lastIndex) {
    changes.lock();
    try {
      if (stopped.getAsBoolean()) {
        return false;
      }
      CopyMaps.Maps written = maps.written();
      if (!cleared) {
        // what a build broken off left, or indexes built before: rebuilt whole
        for (SearchIndex each : SearchIndex.values()) {
          written.index(each).clear();
        }
        MapHead.indexing(written.head(), true);
        cleared = true;
      }
      for (int n = 0; n < runKeys && keys.hasNext(); n++) {
        // in order, after every key in the map: full pages, each written once
        written.index(index).append(keys.next(), "");
      }
      if (!keys.hasNext()) {
        // lookups by it read it from this commit on, not every contact
        MapHead.markBuilt(written.head(), index);
        if (lastIndex) {
          MapHead.indexing(written.head(), false);
        }
      }
      maps.commit();
      return true;
    } catch (RuntimeException e) {
      maps.rollback();
      throw e;
    } finally {
      changes.unlock();
    }
  }
}
