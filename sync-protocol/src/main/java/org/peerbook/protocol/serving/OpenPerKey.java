package org.peerbook.protocol.serving;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Things open at once per key (request bodies still arriving per client address, connections per
 * client address), each key up to a cap: what one client may hold of something a server has only so
 * much of. Only keys with something open are remembered, so the table is as large as what is open.
 * Thread-safe.
 */
public final class OpenPerKey {
  private final int perKey;
  private final Map<String, Integer> open = new HashMap<>();

  /** Keys refused since they last closed one: a flood is logged once, not per refusal. */
  private final Set<String> refusing = new HashSet<>();

  /**
   * @param perKey what one key may have open at once
   * @throws IllegalArgumentException if it is below 1
   */
  public OpenPerKey(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("at least 1 must be allowed open per key, was " + perKey);
    }
    this.perKey = perKey;
  }

  /**
   * @return whether {@code key} may open one more now; if so, {@link #close} must follow once it
   *     closes
   */
  public synchronized boolean tryOpen(String key) {
    int now = open.getOrDefault(key, 0);
    if (now >= perKey) {
      return false;
    }
    open.put(key, now + 1);
    return true;
  }

  /** Whether this refusal of {@code key} is its first since it last closed one. */
  public synchronized boolean startsRefusing(String key) {
    return open.containsKey(key) && refusing.add(key);
  }

  /** One that {@link #tryOpen} let open has closed. */
  public synchronized void close(String key) {
    open.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    refusing.remove(key);
  }

  /** What {@code key} has open now. */
  public synchronized int open(String key) {
    return open.getOrDefault(key, 0);
  }

  /** The cap per key. */
  public int perKey() {
    return perKey;
  }
}
