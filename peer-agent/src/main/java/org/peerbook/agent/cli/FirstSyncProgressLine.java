package org.peerbook.agent.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.peerbook.agent.sync.SyncProgress;

/**
 * While an empty copy takes its first sync (a whole book can take a while), prints a line every few
 * seconds: the source, the phase, the contacts taken in and how fast. Stops once the copy holds a
 * version.
 */
final class FirstSyncProgressLine {
  private static final long EVERY_SECONDS = 2;

  private FirstSyncProgressLine() {}

  /** Prints on a daemon thread of its own, which ends with the first sync. */
  static void start(
      Supplier<Optional<SyncProgress.Now>> progress, LongSupplier version, PrintStream out) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "first-sync-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleWithFixedDelay(
        () -> {
          if (version.getAsLong() > 0) {
            ticker.shutdown();
            return;
          }
          progress.get().ifPresent(now -> out.println(line(now)));
        },
        EVERY_SECONDS,
        EVERY_SECONDS,
        TimeUnit.SECONDS);
  }

  static String line(SyncProgress.Now now) {
    double seconds = Math.max(now.running().toMillis() / 1000.0, 0.001);
    String what =
        switch (now.phase()) {
          case CONNECTING -> "asking";
          case SNAPSHOT ->
              String.format(
                  Locale.ROOT, "%,d contacts (%,.0f/s)", now.done(), now.done() / seconds);
          case DELTA -> String.format(Locale.ROOT, "%,d changes", now.done());
          case COMMITTING -> String.format(Locale.ROOT, "%,d received, committing", now.done());
        };
    return String.format(
        Locale.ROOT,
        "first sync from %s%s: %s, %.0f s",
        now.source(),
        now.toVersion() > 0 ? " to version " + now.toVersion() : "",
        what,
        seconds);
  }
}
