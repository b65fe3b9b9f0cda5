package org.peerbook.agent.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.peerbook.agent.sync.SyncProgress;

/**
 * While an empty copy takes its first sync (a whole book can take a while), prints a line every few
 * seconds: the source, the phase, the contacts taken in and how fast. Once the copy holds a version
 * it says so, and while the copy's search indexes are being built after it, says when they are in.
 * A start with a copy that has its version and indexes prints nothing.
 */
final class FirstSyncProgressLine implements Runnable {
  private static final long EVERY_SECONDS = 2;

  private final Supplier<Optional<SyncProgress.Now>> progress;
  private final LongSupplier version;
  private final BooleanSupplier indexing;
  private final PrintStream out;
  private final ScheduledExecutorService ticker;
  private final long started = System.nanoTime();
  private boolean spoke;
  private boolean saidLive;

  FirstSyncProgressLine(
      Supplier<Optional<SyncProgress.Now>> progress,
      LongSupplier version,
      BooleanSupplier indexing,
      PrintStream out,
      ScheduledExecutorService ticker) {
    this.progress = progress;
    this.version = version;
    this.indexing = indexing;
    this.out = out;
    this.ticker = ticker;
  }

  /** Prints on a daemon thread of its own, which ends once the copy has a version and indexes. */
  static void start(
      Supplier<Optional<SyncProgress.Now>> progress,
      LongSupplier version,
      BooleanSupplier indexing,
      PrintStream out) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "first-sync-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleWithFixedDelay(
        new FirstSyncProgressLine(progress, version, indexing, out, ticker),
        EVERY_SECONDS,
        EVERY_SECONDS,
        TimeUnit.SECONDS);
  }

  @Override
  public void run() {
    long at = version.getAsLong();
    if (at == 0) {
      progress.get().ifPresent(now -> say(line(now)));
      return;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (indexing.getAsBoolean()) {
      if (!saidLive) {
        say(live(at, false, seconds));
        saidLive = true;
      }
      return;
    }
    if (spoke) {
      say(live(at, true, seconds));
    }
    ticker.shutdown();
  }

  private void say(String line) {
    out.println(line);
    spoke = true;
  }

  static String live(long version, boolean indexesIn, double seconds) {
    return String.format(
        Locale.ROOT,
        indexesIn
            ? "copy at version %d with its search indexes, %.0f s"
            : "copy at version %d, answering lookups; building its search indexes, %.0f s",
        version,
        seconds);
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
