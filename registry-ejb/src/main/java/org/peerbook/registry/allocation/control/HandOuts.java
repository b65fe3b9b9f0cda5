package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which sources the registry recently handed to which requester. A report about a source counts
 * only against a hand-out to that reporter, and uses it up: a node cannot report sources it was
 * never sent to, nor report one hand-out many times. Bounded: per requester the latest {@code
 * perRequester} hand-outs within {@code window}; a requester's entry goes when it leaves.
 */
public final class HandOuts {
  private final Duration window;
  private final int perRequester;
  private final ConcurrentMap<String, Map<String, Instant>> recent = new ConcurrentHashMap<>();

  public HandOuts(Duration window, int perRequester) {
    this.window = window;
    this.perRequester = perRequester;
  }

  public void record(String requester, Collection<String> sources, Instant now) {
    Map<String, Instant> handed =
        recent.computeIfAbsent(
            requester,
            id ->
                new LinkedHashMap<>(16, 0.75f, false) {
                  @Override
                  protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                    return size() > perRequester;
                  }
                });
    synchronized (handed) {
      for (String source : sources) {
        // re-inserted, so that the latest hand-out is the youngest entry
        handed.remove(source);
        handed.put(source, now);
      }
    }
  }

  /** Whether {@code source} was handed to {@code requester} within the window; uses it up. */
  public boolean consume(String requester, String source, Instant now) {
    Map<String, Instant> handed = recent.get(requester);
    if (handed == null) {
      return false;
    }
    synchronized (handed) {
      Instant at = handed.remove(source);
      return at != null && !at.plus(window).isBefore(now);
    }
  }

  /**
   * The sources handed to {@code requester} within the window and not reported yet, oldest first.
   */
  public Map<String, Instant> recentFor(String requester) {
    Map<String, Instant> handed = recent.get(requester);
    if (handed == null) {
      return Map.of();
    }
    synchronized (handed) {
      return new LinkedHashMap<>(handed);
    }
  }

  /** The requester left: its hand-outs go with it. */
  public void forget(String requester) {
    recent.remove(requester);
  }

  /** Drops hand-outs older than the window. */
  public void sweep(Instant now) {
    Instant oldest = now.minus(window);
    recent
        .values()
        .forEach(
            handed -> {
              synchronized (handed) {
                handed.values().removeIf(at -> at.isBefore(oldest));
              }
            });
    recent.values().removeIf(Map::isEmpty);
  }
}
