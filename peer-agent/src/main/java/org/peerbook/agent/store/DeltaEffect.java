package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.StateDigest;

/**
 * What a verified delta does to the contacts it touches, whatever keeps them: each touched contact
 * as its last entry leaves it, and the state digest moved by every contact an entry replaces and
 * every one it writes (on a second thread for a large delta, while the caller writes: the sum does
 * not depend on the order, and its expansions are a tenth of a 10,000-entry delta's time).
 */
final class DeltaEffect {
  private static final int SECOND_THREAD_FROM = 256;

  private final Map<String, Optional<ContactDto>> last;
  private final FutureTask<StateDigest> digest;

  private DeltaEffect(Map<String, Optional<ContactDto>> last, FutureTask<StateDigest> digest) {
    this.last = last;
    this.digest = digest;
  }

  /** The ids the entries touch, each once, in the order they come. */
  static List<String> touchedIds(List<ChangeEntry> entries) {
    return new ArrayList<>(
        new LinkedHashSet<>(entries.stream().map(ChangeEntry::contactId).toList()));
  }

  /**
   * @param stored the touched contacts the copy holds, by id
   * @param state the copy's state digest, moved by the entries (await {@link #awaitDigest})
   */
  static DeltaEffect start(
      List<ChangeEntry> entries, Map<String, ContactDto> stored, StateDigest state) {
    Map<String, Optional<ContactDto>> last = new LinkedHashMap<>();
    List<ContactDto> removed = new ArrayList<>();
    List<ContactDto> added = new ArrayList<>();
    for (ChangeEntry entry : entries) {
      String id = entry.contactId();
      Optional<ContactDto> before =
          last.containsKey(id) ? last.get(id) : Optional.ofNullable(stored.get(id));
      before.ifPresent(removed::add);
      if (entry.operation() == Operation.DELETE) {
        last.put(id, Optional.empty());
      } else {
        added.add(entry.contact());
        last.put(id, Optional.of(entry.contact()));
      }
    }
    FutureTask<StateDigest> digest =
        new FutureTask<>(
            () -> {
              removed.forEach(state::remove);
              added.forEach(state::add);
              return state;
            });
    if (entries.size() >= SECOND_THREAD_FROM) {
      Thread digesting = new Thread(digest, "delta-digest");
      digesting.setDaemon(true);
      digesting.start();
    } else {
      digest.run();
    }
    return new DeltaEffect(last, digest);
  }

  /** Each touched contact as the entries leave it; empty: deleted. */
  Map<String, Optional<ContactDto>> last() {
    return last;
  }

  /** Waits until the state digest has been moved by every entry. */
  void awaitDigest() {
    try {
      digest.get();
    } catch (ExecutionException e) {
      throw new StoreException("computing the state digest of a delta", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while computing the state digest of a delta", e);
    }
  }
}
