package org.peerbook.registry.nodes.control;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many of a member's requests may wait on the data grid at once. A grid call waits while the
 * member that owns its partition (or holds its backup) does not answer: a member stalled (a long
 * pause, a frozen VM) is not taken out of the grid before its failure detection runs out, and until
 * then every write to its partitions waits. Unbounded, those writes would take every request thread
 * of the living members, and with them the heartbeats that need no grid call at all: every node's
 * lease would lapse at once. Bounded, the excess is refused at once ({@link GridBusyException}).
 */
final class GridWaits {
  private final int max;
  private final Semaphore permits;

  /**
   * @param max at least 1
   */
  GridWaits(int max) {
    if (max < 1) {
      throw new IllegalArgumentException(
          "at least one request must be let wait on the grid, not " + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /**
   * Runs {@code gridWork} if fewer than the most allowed wait on the grid now.
   *
   * @throws GridBusyException if as many as allowed wait already; {@code gridWork} did not run
   */
  <T> T call(Supplier<T> gridWork) {
    if (!permits.tryAcquire()) {
      throw new GridBusyException(max);
    }
    try {
      return gridWork.get();
    } finally {
      permits.release();
    }
  }
}
