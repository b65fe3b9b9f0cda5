package org.peerbook.registry.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keeps something of this member in step with a grid map, whichever member changes it: a value
 * written (added or updated) goes to {@code written}, a key gone (removed, evicted, expired) to
 * {@code gone}. Register it with the values included.
 */
public final class GridMirror<V>
    implements EntryAddedListener<String, V>,
        EntryUpdatedListener<String, V>,
        EntryRemovedListener<String, V>,
        EntryEvictedListener<String, V>,
        EntryExpiredListener<String, V> {
  private final BiConsumer<String, V> written;
  private final Consumer<String> gone;

  public GridMirror(BiConsumer<String, V> written, Consumer<String> gone) {
    this.written = written;
    this.gone = gone;
  }

  @Override
  public void entryAdded(EntryEvent<String, V> event) {
    written.accept(event.getKey(), event.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<String, V> event) {
    written.accept(event.getKey(), event.getValue());
  }

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
