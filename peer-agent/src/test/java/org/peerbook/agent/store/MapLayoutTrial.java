package org.peerbook.agent.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.StateDigest;

/**
 * The same contacts and delta as {@link StoreBenchmark}'s, kept the way a copy on H2's MVStore maps
 * would keep them instead of in SQL tables: a map from id to the contact's JSON, and one sorted set
 * of keys per search (a name, a name word, an address, a department, a number and its reverse, each
 * followed by the contact's id), committed by {@link MVStore#commit()} (atomic across maps, no undo
 * log). A measurement for the store's next layout, not the store: the copy does not use it.
 *
 * <p>A snapshot writes its contacts alone, in id order (their state digest computed as they come,
 * as the copy's load does), then each index from them in sorted runs: the MVStore writes a page
 * again at each store that finds it changed, and keys inserted in no order change most pages
 * between two stores (the file grew to 350 MiB for 100,000 contacts, 18% of it live, however rarely
 * it committed). A changed contact writes only the keys that changed; SQL's UPDATE deletes and
 * inserts every index entry of its row, whatever changed.
 */
final class MapLayoutTrial implements AutoCloseable {
  /** Keys sorted and written at a time while an index is built: about 15 MB of them. */
  private static final int RUN = 150_000;

  /** The search indexes as the copy's SQL indexes have them, less the words-by-initial one. */
  private enum Index {
    NAME,
    NAME_WORD,
    EMAIL,
    DEPARTMENT,
    PHONE,
    PHONE_REVERSED
  }

  /** What was measured: milliseconds, and the file's size in KiB. */
  record Figures(
      double contacts,
      double indexes,
      long fileAfterLoad,
      double delta,
      long fileAfterDelta,
      double prefixP50,
      double prefixP99) {}

  private final MVStore store;
  private final MVMap<String, byte[]> contacts;
  private final Map<Index, MVMap<String, String>> indexes = new EnumMap<>(Index.class);

  MapLayoutTrial(Path file, int cacheMib) {
    store =
        new MVStore.Builder()
            .fileName(file.toString())
            .cacheSize(cacheMib)
            .autoCommitDisabled()
            .open();
    contacts = store.openMap("contact");
    for (Index index : Index.values()) {
      indexes.put(index, store.openMap(index.name()));
    }
  }

  /** Loads a snapshot and applies a delta of changed contacts, then looks up name prefixes. */
  Figures measure(Iterator<ContactDto> snapshot, List<ContactDto> delta) {
    long started = System.nanoTime();
    // as the copy's load, which checks the snapshot against the signed head's digest
    StateDigest digest = StateDigest.empty();
    while (snapshot.hasNext()) {
      ContactDto contact = snapshot.next();
      digest.add(contact);
      ContactRows rows = ContactRows.of(contact);
      contacts.put(rows.id(), StoredJson.bytes(rows.json()));
    }
    store.commit();
    double loaded = millis(started);
    started = System.nanoTime();
    for (Index index : Index.values()) {
      build(index);
    }
    double indexed = millis(started);
    long fileAfterLoad = fileKib();
    started = System.nanoTime();
    for (ContactDto contact : delta) {
      ContactRows before = ContactRows.of(StoredJson.contact(contacts.get(contact.id())));
      ContactRows after = ContactRows.of(contact);
      contacts.put(after.id(), StoredJson.bytes(after.json()));
      change(keys(before), keys(after));
    }
    store.commit();
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
  private void build(Index index) {
    MVMap<String, String> keys = indexes.get(index);
    List<String> run = new ArrayList<>(RUN);
    Cursor<String, byte[]> all = contacts.cursor(null);
    while (all.hasNext()) {
      all.next();
      run.addAll(
          keys(ContactRows.of(StoredJson.contact(all.getValue()))).getOrDefault(index, Set.of()));
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
    store.commit();
  }

  /** As StoreBenchmark's name prefixes: the first 50 contacts of a word's, as JSON. */
  private double[] prefixLookups() {
    Random random = new Random(7);
    MVMap<String, String> words = indexes.get(Index.NAME_WORD);
    double[] millis = new double[2000];
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
        found.add(contacts.get(idIn(key)));
      }
      millis[i] = millis(started);
    }
    Arrays.sort(millis);
    return millis;
  }

  /** Removes the keys only {@code before} has and adds those only {@code after} has. */
  private void change(Map<Index, Set<String>> before, Map<Index, Set<String>> after) {
    for (Index index : Index.values()) {
      Set<String> was = before.getOrDefault(index, Set.of());
      Set<String> is = after.getOrDefault(index, Set.of());
      MVMap<String, String> keys = indexes.get(index);
      for (String key : was) {
        if (!is.contains(key)) {
          keys.remove(key);
        }
      }
      for (String key : is) {
        if (!was.contains(key)) {
          keys.put(key, "");
        }
      }
    }
  }

  /**
   * A contact's key in each index: the value searched for, then (after U+0000, which sorts first
   * and which no verified text contains) what orders its matches, then the id.
   */
  private static Map<Index, Set<String>> keys(ContactRows rows) {
    Map<Index, Set<String>> keys = new EnumMap<>(Index.class);
    String id = rows.id();
    add(keys, Index.NAME, rows.name(), id);
    for (String word : rows.nameTokens()) {
      add(keys, Index.NAME_WORD, word, rows.name(), id);
    }
    for (String email : rows.emails()) {
      add(keys, Index.EMAIL, email, id);
    }
    if (rows.department() != null) {
      add(keys, Index.DEPARTMENT, rows.department(), rows.name(), id);
    }
    for (String digits : rows.phoneDigits()) {
      add(keys, Index.PHONE, digits, id);
      add(keys, Index.PHONE_REVERSED, PhoneRows.reversed(digits), id);
    }
    return keys;
  }

  private static void add(Map<Index, Set<String>> keys, Index index, String... parts) {
    keys.computeIfAbsent(index, i -> new HashSet<>()).add(String.join("\0", parts));
  }

  private static String idIn(String key) {
    return key.substring(key.lastIndexOf('\0') + 1);
  }

  private long fileKib() {
    return store.getFileStore().size() / 1024;
  }

  private static double millis(long started) {
    return (System.nanoTime() - started) / 1e6;
  }

  @Override
  public void close() {
    store.close();
  }
}
