package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Whether this member's grid is the cluster's: it sees at least half of the most members it has
 * seen. A member that sees fewer was cut off: it was paused (a frozen VM, a long pause) and the
 * others took it out of the grid meanwhile, or the network split it off. It then runs a grid of its
 * own whose node table stopped when it was cut off: it would answer nodes that registered or moved
 * their lease through the others since with 404 (and they would register again), and its sweep
 * would drop nodes that live on elsewhere. Hazelcast merges such a grid back into the larger one
 * once they see each other again (within a merge check: 10 s with {@code run-server}'s options).
 * Until then, and for at most {@link #HOLD} if nobody comes back (the others died), the member
 * answers no node (503: they go to another member) and sweeps nothing.
 *
 * <p>Exactly half is served as before: in a cluster of two, either member alone serves (the other
 * may be dead, or the network split them and neither can tell which side is right).
 *
 * <p>A member that stood still longer than half the grid's failure detection may have been taken
 * out without knowing it yet ({@link StandStills}): it answers no node either until it hears it
 * from the others, or for the grid's failure detection if they say nothing (they had not taken it
 * out). Members gone from its view in that time took it out: it is cut off then even if it sees
 * half of them (the one of two that was paused), until it sees them all again or the hold ends.
 */
public final class GridMajority implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GridMajority.class.getName());

  /**
   * How long a member cut off waits for the others to come back before it serves alone: a failure
   * detection and two merge checks with {@code run-server}'s options (10 s each).
   */
  public static final Duration HOLD = Duration.ofSeconds(30);

  private static final long NOT_CUT_OFF = Long.MIN_VALUE;

  private final IntSupplier members;
  private final LongSupplier nanoTime;
  private final StandStills stills;

  /** The most members this one has seen in its grid since it was last cut off. */
  private volatile int seen;

  /** Since when this member sees too few ({@link System#nanoTime()}), or {@link #NOT_CUT_OFF}. */
  private volatile long cutOffSince = NOT_CUT_OFF;

  /** Cut off after a stand-still: only all the members it had seen are enough to serve again. */
  private boolean needsAll;

  /**
   * @param members how many members this one sees in its grid now, itself included
   * @param nanoTime the monotonic clock that times {@link #HOLD}
   * @param stills tell when this member may have been taken out unawares; closed with this
   */
  GridMajority(IntSupplier members, LongSupplier nanoTime, StandStills stills) {
    this.members = members;
    this.nanoTime = nanoTime;
    this.stills = stills;
    this.seen = members.getAsInt();
  }

  /**
   * @param nanoTime the monotonic clock that times {@link #HOLD} (stand-stills are timed by {@link
   *     System#nanoTime()} whatever it is)
   */
  public static GridMajority of(HazelcastInstance grid, LongSupplier nanoTime) {
    Duration failureDetection = GridFailureDetection.of(grid);
    StandStills stills = StandStills.watch(failureDetection.dividedBy(2), failureDetection);
    return new GridMajority(() -> grid.getCluster().getMembers().size(), nanoTime, stills);
  }

  /**
   * Why this member's grid is not the cluster's now, or {@code null} if it is.
   *
   * @return e.g. "sees 1 of the 3 members of its cluster"
   */
  public String cutOff() {
    String outnumbered = outnumbered();
    if (outnumbered != null || seen == 1) {
      return outnumbered;
    }
    String still = stills.justResumed();
    return still == null ? null : still + ": the others may have taken it out meanwhile";
  }

  private String outnumbered() {
    int now = members.getAsInt();
    // every request asks: the usual answer takes no lock
    if (now * 2 >= seen
        && now <= seen
        && cutOffSince == NOT_CUT_OFF
        && (now == seen || !stills.resumedLately())) {
      return null;
    }
    return judge(now);
  }

  private synchronized String judge(int now) {
    if (cutOffSince == NOT_CUT_OFF && now < seen && stills.resumedLately()) {
      // members gone right after this one stood still: they took it out
      needsAll = true;
    }
    if (needsAll ? now >= seen : now * 2 >= seen) {
      if (cutOffSince != NOT_CUT_OFF) {
        LOG.info(() -> "this member sees " + now + " of " + seen + " members again: serving");
        cutOffSince = NOT_CUT_OFF;
        needsAll = false;
        // merged back: whatever a stand-still left of this member's table, the grid's is its own
        stills.heardFromTheOthers();
      }
      seen = Math.max(seen, now);
      return null;
    }
    long at = nanoTime.getAsLong();
    if (cutOffSince == NOT_CUT_OFF) {
      cutOffSince = at;
      LOG.warning(
          () ->
              "this member sees "
                  + now
                  + " of the "
                  + seen
                  + " members of its cluster: cut off (it was paused, or the network split it"
                  + " off), its node table is not the cluster's; it answers no node (503) and"
                  + " sweeps nothing until it merges back, for at most "
                  + HOLD.toSeconds()
                  + " s");
    } else if (at - cutOffSince >= HOLD.toNanos()) {
      LOG.warning(
          () ->
              "no member came back within "
                  + HOLD.toSeconds()
                  + " s: serving with "
                  + now
                  + " of the "
                  + seen
                  + " members");
      seen = now;
      cutOffSince = NOT_CUT_OFF;
      needsAll = false;
      return null;
    }
    return "sees " + now + " of the " + seen + " members of its cluster";
  }

  @Override
  public void close() {
    stills.close();
  }
}
