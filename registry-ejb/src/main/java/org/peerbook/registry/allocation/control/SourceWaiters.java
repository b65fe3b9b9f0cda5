package org.peerbook.registry.allocation.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requesters that nobody could help yet (no peer ahead of them, every data-server slot taken),
 * waiting for one who can: instead of asking again after a retry hint, each waits until a node
 * reaches a newer version, and the first {@link #WAKE_PER_NEW_VERSION} in line then ask again. A
 * new holder so gets about as many requesters as an agent serves at once, and the swarm grows at
 * the speed of its copies, not of retry hints. First come, first woken; one place per node;
 * bounded. The resource manager's held source requests and the swarm simulation both wait here.
 *
 * @param <T> what waits: a held HTTP request, a simulated node
 */
public final class SourceWaiters<T> {
  /**
   * Requesters woken each time a node moves to a newer version (an agent's default serving cap).
   */
  public static final int WAKE_PER_NEW_VERSION = 8;

  private final int maxWaiting;
  private final Map<String, T> waiting = new LinkedHashMap<>();

  public SourceWaiters(int maxWaiting) {
    this.maxWaiting = maxWaiting;
  }

  /**
   * Puts {@code waiter} at the end of the line; a waiter of the same node already in line leaves it
   * and is given to {@code displaced} (answer it at once: the newer request takes its place).
   *
   * @return false, holding nothing, when {@code maxWaiting} wait already
   */
  public boolean hold(String nodeId, T waiter, Consumer<T> displaced) {
    T earlier;
    synchronized (this) {
      earlier = waiting.remove(nodeId);
      if (earlier == null && waiting.size() >= maxWaiting) {
        return false;
      }
      waiting.put(nodeId, waiter);
    }
    if (earlier != null) {
      displaced.accept(earlier);
    }
    return true;
  }

  /** Takes {@code waiter} out of line (its time is up); false if it was woken or displaced. */
  public synchronized boolean remove(String nodeId, T waiter) {
    return waiting.remove(nodeId, waiter);
  }

  /** A node moved from version {@code from} to {@code to}: if up, the first in line ask again. */
  public synchronized List<T> wake(long from, long to) {
    if (to <= from) {
      return List.of();
    }
    List<T> woken = new ArrayList<>(Math.min(WAKE_PER_NEW_VERSION, waiting.size()));
    Iterator<T> line = waiting.values().iterator();
    while (woken.size() < WAKE_PER_NEW_VERSION && line.hasNext()) {
      woken.add(line.next());
      line.remove();
    }
    return woken;
  }

  public synchronized int size() {
    return waiting.size();
  }
}
