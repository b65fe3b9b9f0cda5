package org.peerbook.agent.sync;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Warns, once per stall, of a sync that made no progress for {@link #STALL}: same source, phase and
 * count since the watch last looked. A sync only ever waits on a source with a deadline, so a sync
 * that stands still that long waits inside this process; the warning carries the stacks of its
 * thread, of the threads holding what it waits for, and of every thread inside the copy's database,
 * so that a stall in the field explains itself. Run by one thread at a time, on a schedule.
 */
final class StalledSyncWatch implements Runnable {
  private static final Logger LOG = Logger.getLogger(StalledSyncWatch.class.getName());
  static final Duration STALL = Duration.ofSeconds(60);
  private static final int MAX_FRAMES = 48;
  // the owner of a lock can itself wait for another's: a few links show a deadlock whole
  private static final int MAX_OWNERS = 4;

  private final SyncProgress progress;
  private final LongSupplier nanoTime;
  private final Duration stall;
  private List<Object> seen;
  private long seenSince;
  private boolean reported;

  StalledSyncWatch(SyncProgress progress) {
    this(progress, System::nanoTime, STALL);
  }

  StalledSyncWatch(SyncProgress progress, LongSupplier nanoTime, Duration stall) {
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.stall = stall;
  }

  @Override
  public void run() {
    List<Object> now =
        progress
            .now()
            .<List<Object>>map(
                sync -> List.of(sync.source(), sync.phase(), sync.done(), sync.since()))
            .orElse(null);
    if (!Objects.equals(now, seen)) {
      seen = now;
      seenSince = nanoTime.getAsLong();
      reported = false;
      return;
    }
    if (now == null
        || reported
        || nanoTime.getAsLong() - seenSince < stall.toNanos()
        || progress.thread().isEmpty()) {
      return;
    }
    reported = true;
    LOG.warning(
        "the sync from "
            + now.get(0)
            + " made no progress in phase "
            + now.get(1)
            + " for "
            + Duration.ofNanos(nanoTime.getAsLong() - seenSince).toSeconds()
            + " s; where it stands:\n"
            + stacks(progress.thread().get()));
  }

  /** The sync thread, the owners of what it waits for, and every other thread in the database. */
  static String stacks(Thread sync) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StringBuilder out = new StringBuilder();
    Set<Long> shown = new HashSet<>();
    ThreadInfo waiting = threads.getThreadInfo(new long[] {sync.getId()}, true, true)[0];
    for (int link = 0; waiting != null && link <= MAX_OWNERS; link++) {
      if (!shown.add(waiting.getThreadId())) {
        out.append("(a deadlock: that thread was shown above)\n");
        break;
      }
      append(out, waiting);
      long owner = waiting.getLockOwnerId();
      waiting = owner < 0 ? null : threads.getThreadInfo(new long[] {owner}, true, true)[0];
    }
    for (ThreadInfo other : threads.dumpAllThreads(true, true)) {
      if (!shown.contains(other.getThreadId()) && inTheCopy(other)) {
        append(out, other);
      }
    }
    return out.toString();
  }

  private static boolean inTheCopy(ThreadInfo thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().startsWith("org.h2.")
          || frame.getClassName().startsWith("org.peerbook.agent.store.")) {
        return true;
      }
    }
    return false;
  }

  // ThreadInfo.toString() cuts a stack at 8 frames: too few to see where a lock was taken
  private static void append(StringBuilder out, ThreadInfo thread) {
    out.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
    LockInfo lock = thread.getLockInfo();
    if (lock != null) {
      out.append(" on ").append(lock);
      if (thread.getLockOwnerName() != null) {
        out.append(" held by \"").append(thread.getLockOwnerName()).append('"');
      }
    }
    out.append('\n');
    StackTraceElement[] frames = thread.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
      out.append("\tat ").append(frames[i]).append('\n');
      for (MonitorInfo monitor : thread.getLockedMonitors()) {
        if (monitor.getLockedStackDepth() == i) {
          out.append("\t- locked ").append(monitor).append('\n');
        }
      }
    }
    if (frames.length > MAX_FRAMES) {
      out.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
    }
    for (LockInfo synchronizer : thread.getLockedSynchronizers()) {
      out.append("\t- holds ").append(synchronizer).append('\n');
    }
  }
}
