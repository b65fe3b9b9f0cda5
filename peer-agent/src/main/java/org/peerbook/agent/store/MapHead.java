package org.peerbook.agent.store;

import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.WireJson;

/**
 * The copy's head ({@link CopyMaps.Maps#head}): the signed head as its wire JSON, the state
 * digest's lanes and the contact count, each under a name of its own, written by the same commit as
 * the change they describe.
 */
final class MapHead {
  private static final String SIGNED = "signed";
  private static final String LANES = "lanes";
  private static final String CONTACTS = "contacts";
  // present while the search indexes are not all built: a snapshot's copy went live before them
  private static final String INDEXING = "indexing";
  // beside it, one per index a build finished meanwhile
  private static final String BUILT = "built-";

  private MapHead() {}

  static void write(MVMap<String, String> map, SignedHead head, StateDigest state, int contacts) {
    map.put(SIGNED, WireJson.toJson(head).toString());
    map.put(LANES, state.toBase64());
    map.put(CONTACTS, Integer.toString(contacts));
  }

  /** The signed head; empty for a copy that never synced. */
  static Optional<SignedHead> signed(MVMap<String, String> map) {
    return Optional.ofNullable(map.get(SIGNED))
        .map(json -> WireJson.readHead(WireJson.parse(json), "head"));
  }

  /** The copy's version; 0 for a copy that never synced. */
  static long version(MVMap<String, String> map) {
    return signed(map).map(SignedHead::version).orElse(0L);
  }

  static int contacts(MVMap<String, String> map) {
    String count = map.get(CONTACTS);
    return count == null ? 0 : Integer.parseInt(count);
  }

  /**
   * Whether every search index holds every contact's keys; false from a snapshot loaded without
   * them until their build's last commit ({@link #indexing}).
   */
  static boolean indexed(MVMap<String, String> map) {
    return !map.containsKey(INDEXING);
  }

  /**
   * Records, in the commit that follows, whether the search indexes are still to be built, none of
   * them yet ({@link #built}).
   */
  static void indexing(MVMap<String, String> map, boolean due) {
    if (due) {
      map.put(INDEXING, "");
    } else {
      map.remove(INDEXING);
    }
    for (SearchIndex index : SearchIndex.values()) {
      map.remove(BUILT + index.mapName());
    }
  }

  /**
   * Whether {@code index} holds every contact's keys: all are built, or a build running got that
   * one done.
   */
  static boolean built(MVMap<String, String> map, SearchIndex index) {
    return indexed(map) || map.containsKey(BUILT + index.mapName());
  }

  /** Records, in the commit that follows, that a build got {@code index} done. */
  static void markBuilt(MVMap<String, String> map, SearchIndex index) {
    map.put(BUILT + index.mapName(), "");
  }

  static StateDigest lanes(MVMap<String, String> map) {
    String lanes = map.get(LANES);
    return lanes == null ? StateDigest.empty() : StateDigest.fromBase64(lanes);
  }
}
