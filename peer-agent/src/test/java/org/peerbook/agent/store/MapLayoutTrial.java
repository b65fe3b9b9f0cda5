package org.peerbook.agent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The same contacts and delta as {@link StoreBenchmark}'s, kept in the copy's next layout ({@link
 * CopyMaps}, {@link ContactKeys}, the delta by {@link MapDeltaWrite}: state digest, log window and
 * head included) instead of SQL tables. A measurement for that layout, not the copy: the copy does
 * not use it yet.
 *
 * <p>A snapshot writes its contacts alone, in id order (their state digest computed as they come,
 * as the copy's load does), committing every {@link #LOAD_COMMIT}, then each index from them in
 * sorted runs: the MVStore writes a page again at each commit that finds it changed, and keys
 * inserted in no order change most pages between two commits (the file grew to 350 MiB for 100,000
 * contacts, 18% of it live, with every index kept up to date as contacts came). A changed contact
 * writes only the keys that changed; SQL's UPDATE deletes and inserts every index entry of its row,
 * whatever changed.
 */
final class MapLayoutTrial implements AutoCloseable {
  /** Keys sorted and written at a time while an index is built: about 15 MB of them. */
  private static final int RUN = 150_000;

  /** As the agent's default log window. */
  private static final int RETAINED_ENTRIES = 1000;

  /** Contacts a snapshot's load writes between two commits: a few MB of pages. */
  private static final int LOAD_COMMIT = 10_000;

  /** What was measured: milliseconds, and the file's size in KiB. */
  record Figures(
      double contacts,
      double indexes,
      long fileAfterLoad,
      double delta,
      long fileAfterDelta,
      double prefixP50,
      double prefixP99) {}

  private final Path file;
  private final CopyMaps maps;

  MapLayoutTrial(Path file, int cacheMib) {
    this.file = file;
    this.maps = CopyMaps.open(file, cacheMib);
  }

  /** Loads a snapshot and applies a delta ({@link MapDeltaWrite}), then looks up name prefixes. */
  Figures measure(
      SignedHead snapshotHead,
      Iterator<ContactDto> snapshot,
      List<ChangeEntry> delta,
      SignedHead deltaHead) {
    long started = System.nanoTime();
    StateDigest digest = StateDigest.empty();
    int count = 0;
    for (int i = 1; snapshot.hasNext(); i++) {
      ContactDto contact = snapshot.next();
      digest.add(contact);
      ContactRows rows = ContactRows.of(contact);
      maps.written().contacts().put(rows.id(), StoredJson.bytes(rows.json()));
      count++;
      if (i % LOAD_COMMIT == 0) {
        // nobody reads a snapshot's file before it is whole: its pages need not wait in memory
        maps.commit();
      }
    }
    MapHead.write(maps.written().head(), snapshotHead, digest, count);
    maps.commit();
    double loaded = millis(started);
    started = System.nanoTime();
    for (SearchIndex index : SearchIndex.values()) {
      build(index);
    }
    double indexed = millis(started);
    long fileAfterLoad = fileKib();
    started = System.nanoTime();
    MapDeltaWrite.apply(maps, delta, deltaHead, RETAINED_ENTRIES);
    double applied = millis(started);
    double[] prefix = prefixLookups();
    return new Figures(
        loaded,
        indexed,
        fileAfterLoad,
        applied,
        fileKib(),
        prefix[prefix.length / 2],
        prefix[prefix.length * 99 / 100]);
  }

  /** One index from every contact's keys, written in sorted runs of {@link #RUN}. */
  private void build(SearchIndex index) {
    MVMap<String, String> keys = maps.written().index(index);
    List<String> run = new ArrayList<>(RUN);
    Cursor<String, byte[]> all = maps.written().contacts().cursor(null);
    while (all.hasNext()) {
      all.next();
      run.addAll(ContactKeys.of(StoredJson.contact(all.getValue())).in(index));
      if (run.size() >= RUN) {
        write(run, keys);
      }
    }
    write(run, keys);
  }

  private void write(List<String> run, MVMap<String, String> keys) {
    Collections.sort(run);
    run.forEach(key -> keys.put(key, ""));
    run.clear();
    maps.commit();
  }

  /** As StoreBenchmark's name prefixes: the first 50 contacts of a word's, as JSON. */
  private double[] prefixLookups() {
    Random random = new Random(7);
    double[] millis = new double[2000];
    try (CopyMaps.View view = maps.view()) {
      MVMap<String, String> words = view.maps().index(SearchIndex.NAME_WORD);
      for (int i = 0; i < millis.length; i++) {
        // a whole name is one of its words (ContactRows.nameTokens)
        String prefix =
            random.nextBoolean() ? "王" + random.nextInt(100) : "person " + random.nextInt(1000);
        long started = System.nanoTime();
        Cursor<String, String> keys = words.cursor(prefix);
        List<byte[]> found = new ArrayList<>();
        while (found.size() < 50 && keys.hasNext()) {
          String key = keys.next();
          if (!key.startsWith(prefix)) {
            break;
          }
          found.add(view.maps().contacts().get(ContactKeys.idIn(SearchIndex.NAME_WORD, key)));
        }
        millis[i] = millis(started);
      }
    }
    Arrays.sort(millis);
    return millis;
  }

  private long fileKib() {
    try {
      return Files.size(file) / 1024;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double millis(long started) {
    return (System.nanoTime() - started) / 1e6;
  }

  @Override
  public void close() {
    maps.close();
  }
}
