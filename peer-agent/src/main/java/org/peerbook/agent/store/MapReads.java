package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;

/**
 * The copy's reads: each on a {@link CopyMaps.View} of the last commit, beside a change being made,
 * so a lookup answers at once even while a delta or an index build is being written. The copy's
 * file is replaced whole when a snapshot's copy moves over it ({@link #replaceFile}); reads wait
 * for that moment only.
 */
final class MapReads implements AutoCloseable {
  private final ReadWriteLock files = new ReentrantReadWriteLock();
  private CopyMaps maps;

  MapReads(CopyMaps maps) {
    this.maps = maps;
  }

  /** The copy's maps, for the one writer; the caller holds the store's change lock. */
  CopyMaps writer() {
    return maps;
  }

  /**
   * Every map as the last commit left it, until closed; the copy's file stays in place meanwhile.
   */
  final class Snapshot implements AutoCloseable {
    private final CopyMaps.View view;

    private Snapshot() {
      files.readLock().lock();
      try {
        view = maps.view();
      } catch (RuntimeException e) {
        files.readLock().unlock();
        throw e;
      }
    }

    CopyMaps.Maps maps() {
      return view.maps();
    }

    @Override
    public void close() {
      try {
        view.close();
      } finally {
        files.readLock().unlock();
      }
    }
  }

  Snapshot open() {
    return new Snapshot();
  }

  /** {@code read} on the maps as the last commit left them. */
  <T> T read(Function<CopyMaps.Maps, T> read) {
    try (Snapshot snapshot = open()) {
      return read.apply(snapshot.maps());
    }
  }

  /**
   * Closes the copy's file, runs {@code change} (which moves another file over it) and opens the
   * file again, even if the change failed; reads wait meanwhile.
   */
  void replaceFile(Runnable change, Supplier<CopyMaps> reopen) {
    files.writeLock().lock();
    try {
      maps.close();
      try {
        change.run();
      } finally {
        maps = reopen.get();
      }
    } finally {
      files.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    files.writeLock().lock();
    try {
      maps.close();
    } finally {
      files.writeLock().unlock();
    }
  }

  Optional<SignedHead> head() {
    return read(maps -> MapHead.signed(maps.head()));
  }

  /** Whether every search index is built ({@link MapHead#indexed}). */
  boolean indexed() {
    return read(maps -> MapHead.indexed(maps.head()));
  }

  /** The hash of the entry at {@code version}, if the copy can still tell. */
  Optional<String> hashAt(long version) {
    return read(
        maps -> {
          Optional<SignedHead> head = MapHead.signed(maps.head());
          if (version == head.map(SignedHead::version).orElse(0L)) {
            return Optional.of(head.map(SignedHead::hash).orElse(Hashes.ZERO));
          }
          String entry = maps.log().get(version);
          if (entry != null) {
            return Optional.of(StoredJson.entry(entry).hash());
          }
          return Optional.ofNullable(maps.log().get(version + 1))
              .map(next -> StoredJson.entry(next).previousHash());
        });
  }

  List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
    return read(
        maps -> {
          List<ChangeEntry> entries = new ArrayList<>();
          Cursor<Long, String> log = maps.log().cursor(after + 1, upTo, false);
          while (entries.size() < limit && log.hasNext()) {
            log.next();
            entries.add(StoredJson.entry(log.getValue()));
          }
          return entries;
        });
  }

  /** The contact's JSON as the copy keeps it ({@link StoredJson}). */
  Optional<byte[]> contactJson(String id) {
    return read(maps -> Optional.ofNullable(maps.contacts().get(id)));
  }

  LocalStore.Summary summary() {
    return read(
        maps ->
            new LocalStore.Summary(MapHead.version(maps.head()), MapHead.contacts(maps.head())));
  }

  /** At most {@code limit} contacts after {@code afterId}, in id order. */
  List<ContactDto> contactsAfter(String afterId, int limit) {
    return read(
        maps -> {
          List<ContactDto> page = new ArrayList<>();
          Cursor<String, byte[]> contacts = maps.contacts().cursor(afterId, null, false);
          while (page.size() < limit && contacts.hasNext()) {
            if (!contacts.next().equals(afterId)) {
              page.add(StoredJson.contact(contacts.getValue()));
            }
          }
          return page;
        });
  }

  /** The contacts with these ids that the copy holds, in the ids' order. */
  List<ContactDto> contactsWithIds(List<String> ids) {
    return read(
        maps -> {
          List<ContactDto> found = new ArrayList<>(ids.size());
          for (String id : ids) {
            byte[] json = maps.contacts().get(id);
            if (json != null) {
              found.add(StoredJson.contact(json));
            }
          }
          return found;
        });
  }
}
