package org.peerbook.registry.allocation.control;

import java.time.Instant;

/**
 * Who holds a data-server slot, and until when. A port: {@link LocalDataServerGrants} on one server
 * and in the simulation; in a cluster the grid holds them, so that the slots bound the whole
 * cluster's copies from the data server, not each member's.
 */
public interface DataServerGrants {

  /**
   * Extends the node's grant to {@code expiry}, but never past the end it was given with, if it
   * holds a live one.
   *
   * @return whether it holds one
   */
  boolean extend(String nodeId, Instant expiry, Instant now);

  /**
   * Grants the node a slot until {@code expiry} if, after the {@code ahead} waiters in front of it
   * are served, one is still free: one atomic step against every other grant.
   *
   * @param end the latest the grant may be extended to, however often
   * @param staggered a live grant given after this instant keeps every other slot closed: a further
   *     copy leaves the data server only when those in progress have taken this long
   * @return whether it got one
   */
  boolean grant(
      String nodeId,
      int slots,
      int ahead,
      Instant now,
      Instant expiry,
      Instant end,
      Instant staggered);

  /** The node no longer needs its slot; nothing happens if it held none. */
  void release(String nodeId);

  /** Grants live at {@code now}. */
  int live(Instant now);
}
