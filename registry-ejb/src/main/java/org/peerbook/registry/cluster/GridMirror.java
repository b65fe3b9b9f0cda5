package org.peerbook.registry.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapListener;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keeps something of this member in step with a grid map, whichever member changes it: a value
 * written (added or updated) goes to {@code written}, a key gone (removed, evicted, expired) to
 * {@code gone}. Register it with the values included.
 *
 * <p>A map whose listener filters values by a predicate needs the two halves registered apart
 * ({@link #writes}, {@link #removals}): the grid filters a removal by the value removed, so a
 * filtered listener would not hear of every key that goes. The grid sends a listener only the kinds
 * of event it implements.
 */
public final class GridMirror<V>
    implements EntryAddedListener<String, V>,
        EntryUpdatedListener<String, V>,
        EntryRemovedListener<String, V>,
        EntryEvictedListener<String, V>,
        EntryExpiredListener<String, V> {
  private final Writes<V> writes;
  private final Removals<V> removals;

  public GridMirror(BiConsumer<String, V> written, Consumer<String> gone) {
    this.writes = new Writes<>(written);
    this.removals = new Removals<>(gone);
  }

  /** Hears of values written only. */
  public static <V> MapListener writes(BiConsumer<String, V> written) {
    return new Writes<>(written);
  }

  /** Hears of keys gone only. */
  public static <V> MapListener removals(Consumer<String> gone) {
    return new Removals<V>(gone);
  }

  @Override
  public void entryAdded(EntryEvent<String, V> event) {
    writes.entryAdded(event);
  }

  @Override
  public void entryUpdated(EntryEvent<String, V> event) {
    writes.entryUpdated(event);
  }

  @Override
  public void entryRemoved(EntryEvent<String, V> event) {
    removals.entryRemoved(event);
  }

  @Override
  public void entryEvicted(EntryEvent<String, V> event) {
    removals.entryEvicted(event);
  }

  @Override
  public void entryExpired(EntryEvent<String, V> event) {
    removals.entryExpired(event);
  }

  private record Writes<V>(BiConsumer<String, V> written)
      implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V> {
    @Override
    public void entryAdded(EntryEvent<String, V> event) {
      written.accept(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> event) {
      written.accept(event.getKey(), event.getValue());
    }
  }

  private record Removals<V>(Consumer<String> gone)
      implements EntryRemovedListener<String, V>,
          EntryEvictedListener<String, V>,
          EntryExpiredListener<String, V> {
    @Override
    public void entryRemoved(EntryEvent<String, V> event) {
      gone.accept(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, V> event) {
      gone.accept(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, V> event) {
      gone.accept(event.getKey());
    }
  }
}
