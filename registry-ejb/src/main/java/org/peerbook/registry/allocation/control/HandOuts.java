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
  /**
   * How often per window the table is walked for hand-outs past it: a walk reads every requester's
   * entry (every node that asked for sources), and the window is minutes long. Every use checks the
   * window itself; the walk only frees memory, at most a tenth of a window late.
   */
  static final int SWEEPS_PER_WINDOW = 10;

  private final Duration window;
  private final int perRequester;
  private final ConcurrentMap<String, Map<String, Instant>> recent = new ConcurrentHashMap<>();
  private Instant nextSweep = Instant.MIN;

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
  public Map<String, Instant> recentFor(String requester, Instant now) {
    Map<String, Instant> handed = recent.get(requester);
    if (handed == null) {
      return Map.of();
    }
    Map<String, Instant> within = new LinkedHashMap<>();
    synchronized (handed) {
      handed.forEach(
          (source, at) -> {
            if (!at.plus(window).isBefore(now)) {
              within.put(source, at);
            }
          });
    }
    return within;
  }

  /** How many requesters have hand-outs held. */
  int requesters() {
    return recent.size();
  }

  /** The requester left: its hand-outs go with it. */
  public void forget(String requester) {
    recent.remove(requester);
  }

  /**
   * Drops hand-outs older than the window, walking the table {@link #SWEEPS_PER_WINDOW} times a
   * window at most, however often it is called.
   */
  public synchronized void sweep(Instant now) {
    if (now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(window.dividedBy(SWEEPS_PER_WINDOW));
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
