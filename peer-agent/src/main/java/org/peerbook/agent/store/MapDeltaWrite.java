package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * A verified delta applied to the copy ({@link CopyMaps}) in one commit: each touched contact
 * written once, from what is stored to what its last entry left, with only its {@link ContactKeys
 * keys} that changed; the state digest moved ({@link DeltaEffect}) and checked against the signed
 * head before anything is committed; the log window moved.
 */
final class MapDeltaWrite {
  private MapDeltaWrite() {}

  /**
   * Applies {@code entries} up to {@code head} and commits; anything thrown leaves the copy at its
   * last commit.
   *
   * @param retainedEntries how many log entries the copy keeps for serving deltas to peers
   * @throws CopyMovedException if the entries do not start right after the copy's version
   * @throws StoreException if the copy would not be the book {@code head} signs
   */
  static void apply(
      CopyMaps maps, List<ChangeEntry> entries, SignedHead head, int retainedEntries) {
    CopyMaps.Maps written = maps.written();
    try {
      long from = entries.isEmpty() ? head.version() : entries.get(0).version() - 1;
      long now = MapHead.version(written.head());
      if (from != now) {
        throw new CopyMovedException(from, now);
      }
      StateDigest state = MapHead.lanes(written.head());
      int contacts = MapHead.contacts(written.head()) + write(written, entries, state);
      if (!state.digest().equals(head.stateDigest())) {
        throw new StoreException(
            "the copy would differ from the signed book at " + head.version(), null);
      }
      long logFloor = head.version() - retainedEntries;
      for (ChangeEntry entry : entries) {
        if (entry.version() > logFloor) {
          written.log().put(entry.version(), WireJson.toJson(entry).toString());
        }
      }
      trimLog(written.log(), logFloor);
      MapHead.write(written.head(), head, state, contacts);
      maps.commit();
    } catch (RuntimeException e) {
      maps.rollback();
      throw e;
    }
  }

  /**
   * Writes each touched contact and its keys, and moves {@code state} by what was replaced and what
   * was written.
   *
   * @return how many contacts the copy gained (negative: lost)
   */
  private static int write(CopyMaps.Maps maps, List<ChangeEntry> entries, StateDigest state) {
    Map<String, ContactDto> stored = new HashMap<>();
    for (String id : DeltaEffect.touchedIds(entries)) {
      byte[] json = maps.contacts().get(id);
      if (json != null) {
        stored.put(id, StoredJson.contact(json));
      }
    }
    DeltaEffect effect = DeltaEffect.start(entries, stored, state);
    int gained = 0;
    for (Map.Entry<String, Optional<ContactDto>> last : effect.last().entrySet()) {
      ContactDto before = stored.get(last.getKey());
      ContactKeys keysBefore = before == null ? ContactKeys.NONE : ContactKeys.of(before);
      if (last.getValue().isPresent()) {
        ContactDto after = last.getValue().get();
        maps.contacts().put(after.id(), StoredJson.bytes(ContactJson.toJson(after).toString()));
        ContactKeys.of(after).replace(keysBefore, maps::index);
        gained += before == null ? 1 : 0;
      } else {
        maps.contacts().remove(last.getKey());
        ContactKeys.NONE.replace(keysBefore, maps::index);
        gained -= before == null ? 0 : 1;
      }
    }
    effect.awaitDigest();
    return gained;
  }

  /** Removes the log entries at or below {@code floor}, from the oldest up. */
  private static void trimLog(MVMap<Long, String> log, long floor) {
    Iterator<Long> versions = log.keyIterator(null);
    List<Long> gone = new ArrayList<>();
    while (versions.hasNext()) {
      long version = versions.next();
      if (version > floor) {
        break;
      }
      gone.add(version);
    }
    gone.forEach(log::remove);
  }
}
