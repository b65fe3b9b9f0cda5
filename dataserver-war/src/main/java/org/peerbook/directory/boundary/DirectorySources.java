package org.peerbook.directory.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.peerbook.directory.control.DirectoryFailedException;
import org.peerbook.directory.control.DirectoryRun;
import org.peerbook.directory.control.DirectorySettings;
import org.peerbook.directory.control.RunFailedException;
import org.peerbook.directory.control.RunInProgressException;
import org.peerbook.directory.control.UnknownSourceException;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.RunReport;

/**
 * The configured directory sources: read and checked at start (a misconfigured source stops the
 * deployment), each run on its schedule and on request, never two runs of one source at once. The
 * last run of each source is kept in memory: after a restart a source shows no last run until it
 * runs again, which its schedule does shortly after start.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// a run reads the directory outside any transaction; only its recording is one
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DirectorySources {
  private static final Logger LOG = Logger.getLogger(DirectorySources.class.getName());
  private static final Duration FIRST_RUN_DELAY = Duration.ofSeconds(5);

  @Inject Config config;

  @Resource ManagedScheduledExecutorService scheduler;

  @EJB DirectoryBook book;

  private final Clock clock = Clock.systemUTC();
  private final DirectoryRun.Directory directory = new LdapDirectory();
  private final Map<String, SourceState> sources = new LinkedHashMap<>();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

  /** A source with what is known of its runs. */
  public record SourceView(
      DirectorySource source, RunReport running, int runningEntriesSeen, RunReport lastRun) {}

  private static final class SourceState {
    final DirectorySource source;
    final AtomicReference<RunReport> running = new AtomicReference<>();
    // how far the running run has read: a long run shows it is moving
    final AtomicInteger runningEntriesSeen = new AtomicInteger();
    volatile RunReport lastRun;

    SourceState(DirectorySource source) {
      this.source = source;
    }
  }

  @PostConstruct
  void start() {
    List<DirectorySource> configured =
        DirectorySettings.read(
            key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
    for (DirectorySource source : configured) {
      sources.put(source.name(), new SourceState(source));
      LOG.info(
          () ->
              source
                  + ": "
                  + source.flavour().key()
                  + ", "
                  + source.interval().map(i -> "every " + i).orElse("on request only"));
      source
          .interval()
          .ifPresent(
              interval ->
                  schedules.add(
                      scheduler.scheduleWithFixedDelay(
                          () -> scheduled(source.name()),
                          Math.min(FIRST_RUN_DELAY.toMillis(), interval.toMillis()),
                          interval.toMillis(),
                          TimeUnit.MILLISECONDS)));
    }
  }

  @PreDestroy
  void stop() {
    schedules.forEach(s -> s.cancel(false));
  }

  public List<SourceView> list() {
    return sources.values().stream().map(DirectorySources::view).toList();
  }

  public SourceView find(String name) {
    return view(state(name));
  }

  /**
   * Runs the source now, in the caller's thread.
   *
   * @throws RunInProgressException if the source is running already
   * @throws RunFailedException if the run failed, having applied nothing
   */
  public RunReport run(String name, boolean dryRun) {
    SourceState state = state(name);
    RunReport running = RunReport.running(name, dryRun, clock.instant());
    if (!state.running.compareAndSet(null, running)) {
      throw new RunInProgressException(name);
    }
    state.runningEntriesSeen.set(0);
    DirectoryRun.Directory counted =
        (source, attributes, entries) ->
            directory.read(
                source,
                attributes,
                entry -> {
                  state.runningEntriesSeen.incrementAndGet();
                  entries.accept(entry);
                });
    try {
      RunReport report = DirectoryRun.run(state.source, counted, book, dryRun, clock);
      if (!dryRun) {
        state.lastRun = report;
      }
      LOG.info(() -> describe(report));
      return report;
    } catch (RunFailedException e) {
      if (!dryRun) {
        state.lastRun = e.report();
      }
      if (e.getCause() instanceof DirectoryFailedException) {
        // a directory that is down or refuses is an operational condition, not a fault of ours
        LOG.warning(() -> describe(e.report()));
      } else {
        LOG.log(Level.WARNING, describe(e.report()), e.getCause());
      }
      throw e;
    } finally {
      state.running.set(null);
    }
  }

  private void scheduled(String name) {
    try {
      run(name, false);
    } catch (RunInProgressException e) {
      LOG.info(() -> "scheduled run skipped: " + e.getMessage());
    } catch (RunFailedException e) {
      // logged by run()
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again: log and keep the schedule
      LOG.log(Level.SEVERE, "directory source " + name + ": scheduled run failed", e);
    }
  }

  private SourceState state(String name) {
    SourceState state = sources.get(name);
    if (state == null) {
      throw new UnknownSourceException(name);
    }
    return state;
  }

  private static SourceView view(SourceState state) {
    return new SourceView(
        state.source, state.running.get(), state.runningEntriesSeen.get(), state.lastRun);
  }

  private static String describe(RunReport r) {
    return "directory source "
        + r.source()
        + (r.dryRun() ? " (dry run)" : "")
        + ": "
        + r.status()
        + ", "
        + r.entriesSeen()
        + " entries, "
        + r.creates()
        + " created, "
        + r.updates()
        + " updated, "
        + r.deletes()
        + " deleted, "
        + r.errorCount()
        + " unmappable"
        + (r.failure() == null ? "" : ": " + r.failure());
  }
}
