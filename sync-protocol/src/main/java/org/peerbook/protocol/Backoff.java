package org.peerbook.protocol;

import java.util.random.RandomGenerator;

/**
 * How long a node waits before it tries again after a failure: 0.5 s doubling to 30 s, each wait
 * drawn between half and all of it, so that nodes that failed together do not come back together.
 * The agent and the swarm simulation both wait by it.
 */
public final class Backoff {
  /** The longest wait. */
  public static final long CEILING_MILLIS = 30_000;

  private Backoff() {}

  /**
   * @param attempt how many times it failed in a row (0: 0.25–0.5 s, 1: 0.5–1 s, 2: 1–2 s, …)
   */
  public static long millis(int attempt, RandomGenerator random) {
    long ceiling = Math.min(CEILING_MILLIS, 500L << Math.min(Math.max(attempt, 0), 10));
    return ceiling / 2 + random.nextLong(ceiling / 2 + 1);
  }
}
