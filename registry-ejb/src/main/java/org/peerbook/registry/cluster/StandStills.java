package org.peerbook.registry.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Tells that this JVM stood still a moment ago (a frozen VM, SIGSTOP, a long collection): a thread
 * notes the time a few times a second, and a gap longer than {@code longerThan} since its last note
 * is a stand-still that ended when it was seen.
 *
 * <p>Why a member needs it: the grid's other members may have taken it out meanwhile, and it learns
 * that only a heartbeat or two after it resumes: its own silence makes it suspect nobody, and it
 * trusts its member list until the others tell it otherwise (0.15 s in {@code ClusterStallIT}).
 * Until then the member reads the partitions it no longer owns as its own, a table that stopped
 * when it did.
 */
public final class StandStills implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StandStills.class.getName());

  /** How often the watch notes the time: well below any stand-still it must tell. */
  static final Duration NOTE_EVERY = Duration.ofMillis(200);

  private static final long NEVER = Long.MIN_VALUE;

  private final long longerThan;
  private final long trustAfter;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService watch;

  /** When the watch last noted the time ({@link System#nanoTime()}). */
  private volatile long noted;

  /** When the last stand-still was seen to end, or {@link #NEVER}. */
  private volatile long resumedAt = NEVER;

  /** How long the last stand-still lasted, in nanoseconds. */
  private volatile long lasted;

  /**
   * @param longerThan the shortest gap that counts
   * @param trustAfter how long after a stand-still {@link #justResumed()} tells of it
   * @param nanoTime the monotonic clock
   * @param watch notes the time, or {@code null}: {@link #note()} is called by hand
   */
  StandStills(
      Duration longerThan,
      Duration trustAfter,
      LongSupplier nanoTime,
      ScheduledExecutorService watch) {
    this.longerThan = longerThan.toNanos();
    this.trustAfter = trustAfter.toNanos();
    this.nanoTime = nanoTime;
    this.noted = nanoTime.getAsLong();
    this.watch = watch;
  }

  /**
   * Starts a watch on a thread of its own: a plain JDK thread on purpose, as it must run whatever
   * the container's pools are busy with and touches nothing of the application.
   *
   * @param longerThan the shortest gap that counts
   * @param trustAfter how long after a stand-still {@link #justResumed()} tells of it
   */
  public static StandStills watch(Duration longerThan, Duration trustAfter) {
    ScheduledExecutorService watch =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "peerbook-stand-still-watch");
              thread.setDaemon(true);
              return thread;
            });
    StandStills stills = new StandStills(longerThan, trustAfter, System::nanoTime, watch);
    long every = NOTE_EVERY.toNanos();
    watch.scheduleWithFixedDelay(stills::note, every, every, TimeUnit.NANOSECONDS);
    return stills;
  }

  /** Notes the time; a gap since the last note longer than {@code longerThan} is a stand-still. */
  void note() {
    long at = nanoTime.getAsLong();
    long gap = at - noted;
    if (gap > longerThan) {
      seen(at, gap);
      LOG.warning(
          () ->
              "this JVM stood still for "
                  + Duration.ofNanos(gap).toMillis()
                  + " ms (a frozen VM, a signal, a long collection): the grid's other members may"
                  + " have taken this one out meanwhile");
    }
    noted = at;
  }

  /** Notes a stand-still that ended by {@code at}, unless a question saw it already. */
  private synchronized void seen(long at, long gap) {
    if (resumedAt == NEVER || resumedAt - noted < 0) {
      lasted = gap;
      resumedAt = at;
    }
  }

  /**
   * Why this member must not trust its member list yet: e.g. "stood still for 40 s until 1 s ago";
   * {@code null} if it did not within {@code trustAfter}. Asked on any thread, it tells a
   * stand-still before the watch has noted it (they all resume at once).
   */
  public String justResumed() {
    long since = sinceResumed();
    if (since >= trustAfter) {
      return null;
    }
    return "stood still for "
        + Duration.ofNanos(lasted).toSeconds()
        + " s until "
        + Duration.ofNanos(since).toSeconds()
        + " s ago";
  }

  /** Whether {@link #justResumed()} tells of a stand-still now; takes no lock as a rule. */
  public boolean resumedLately() {
    return sinceResumed() < trustAfter;
  }

  /** Nanoseconds since the last stand-still ended; {@link Long#MAX_VALUE} if none did. */
  private long sinceResumed() {
    long at = nanoTime.getAsLong();
    long gap = at - noted;
    if (gap > longerThan) {
      seen(at, gap);
    }
    long resumed = resumedAt;
    return resumed == NEVER ? Long.MAX_VALUE : at - resumed;
  }

  /** The member heard from the others since it resumed: {@link #justResumed()} need not tell. */
  synchronized void heardFromTheOthers() {
    resumedAt = NEVER;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.shutdownNow();
    }
  }
}
