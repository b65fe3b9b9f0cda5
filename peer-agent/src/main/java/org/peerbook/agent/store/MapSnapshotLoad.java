package org.peerbook.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * A snapshot loaded into a map file of its own ({@link CopyMaps}) that becomes the copy only once
 * it holds the whole signed book: the caller moves it over the copy. Nobody reads the file while it
 * loads, so the contacts commit batch by batch: every page stays on the heap until a commit (the
 * copy's maps write nothing between two), and 100,000 contacts in one commit would not fit an
 * agent's heap. The contacts go in alone; the search indexes are built after them in sorted runs
 * ({@link MapIndexBuild}), here or once the file is the copy: kept up to date contact by contact,
 * they changed most of their pages between two commits and the file grew to 350 MiB for 100,000
 * contacts, 18% of it live (measured when this layout was chosen). A load refused or broken off
 * leaves no file.
 */
final class MapSnapshotLoad {
  /** Contacts written between two commits: a few MB of pages. */
  private static final int COMMIT = 10_000;

  private MapSnapshotLoad() {}

  /**
   * Makes {@code file} anew with {@code contacts} and {@code head}, if they are the book the head
   * signs, and closes it.
   *
   * @param verified the state digest of the contacts as their verifier computed it, asked for once
   *     they are all in; {@code null}: computed here
   * @param withIndexes whether to build the search indexes before the file is closed; if not, the
   *     file records that they are due ({@link MapHead#indexed})
   * @return how many contacts the file holds
   * @throws StoreException if the contacts are not the signed book; that, or whatever the contacts'
   *     iterator throws, leaves no file behind
   */
  static int load(
      Path file,
      SignedHead head,
      Iterator<ContactDto> contacts,
      Supplier<StateDigest> verified,
      boolean withIndexes,
      int cacheMib) {
    delete(file);
    try {
      try (CopyMaps maps = CopyMaps.open(file, cacheMib)) {
        int count = write(maps, head, contacts, verified);
        if (withIndexes) {
          // nobody else has the file: no lock to share, nothing to stop for
          MapIndexBuild.build(maps, new ReentrantLock(), () -> false);
        }
        return count;
      }
    } catch (RuntimeException | Error e) {
      try {
        delete(file);
      } catch (StoreException gone) {
        e.addSuppressed(gone);
      }
      throw e;
    }
  }

  private static int write(
      CopyMaps maps,
      SignedHead head,
      Iterator<ContactDto> contacts,
      Supplier<StateDigest> verified) {
    CopyMaps.Maps written = maps.written();
    StateDigest own = verified == null ? StateDigest.empty() : null;
    for (int i = 1; contacts.hasNext(); i++) {
      ContactDto contact = contacts.next();
      if (own != null) {
        own.add(contact);
      }
      written
          .contacts()
          .put(contact.id(), StoredJson.bytes(ContactJson.toJson(contact).toString()));
      if (i % COMMIT == 0) {
        maps.commit();
      }
    }
    StateDigest state = own != null ? own : verified.get();
    if (!state.digest().equals(head.stateDigest())) {
      throw new StoreException(
          "the copy would differ from the signed book at " + head.version(), null);
    }
    // the map's size, not the contacts handed over: an id sent twice is one contact
    int count = written.contacts().size();
    MapHead.write(written.head(), head, state, count);
    // due until a build's last commit, also when one follows at once: a file never says it has
    // indexes it lacks
    MapHead.indexing(written.head(), true);
    maps.commit();
    return count;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreException("cannot delete an unfinished snapshot load " + file, e);
    }
  }
}
