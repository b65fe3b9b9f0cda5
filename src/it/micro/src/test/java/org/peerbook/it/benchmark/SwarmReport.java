package org.peerbook.it.benchmark;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The swarm benchmark's figures, as a Markdown report with PNG charts. */
final class SwarmReport {
  static final String CENTRALIZED = "centralized";

  /** One change batch, measured in one mode with N agents. */
  record ChangeRun(
      int agents,
      String mode,
      int batch,
      long dataServerRequests,
      long dataServerBytes,
      double medianSeconds,
      double slowestSeconds,
      int rounds,
      double meanSessionsAtOncePerAgent,
      long mostSessionsByOneAgent,
      double[] secondsToHead,
      RegistryView registry) {}

  /**
   * The same change as the server's {@code /metrics} tell it: seconds from the commit until 50%,
   * 99% and every node held it (as their heartbeats reported), and the share of the sync bytes the
   * nodes received from peers (as their heartbeats told).
   */
  record RegistryView(double half, double ninetyNine, double all, double peerShare) {}

  /** The registry's request latency while one mode ran with N agents. */
  record Latency(int agents, String mode, long requests, double p50Millis, double p99Millis) {}

  /** The first full sync of a large book by fresh agents. */
  record FullSync(
      String mode,
      int agents,
      int contacts,
      long dataServerRequests,
      long dataServerBytes,
      double medianSeconds,
      double slowestSeconds,
      int rounds) {}

  private final List<ChangeRun> changes = new ArrayList<>();
  private final List<Latency> latencies = new ArrayList<>();
  private final List<FullSync> fullSyncs = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void add(ChangeRun run) {
    changes.add(run);
  }

  void add(Latency latency) {
    latencies.add(latency);
  }

  void add(FullSync sync) {
    fullSyncs.add(sync);
  }

  void note(String note) {
    notes.add(note);
  }

  /** Writes {@code report.md} and its charts into {@code directory}; returns the Markdown. */
  String write(Path directory) {
    try {
      Files.createDirectories(directory);
      List<String> charts = new ArrayList<>();
      for (int batch : batches()) {
        String name = "data-server-bytes-batch-" + batch + ".png";
        bytesAgainstAgents(batch, directory.resolve(name));
        charts.add("![data-server bytes, batch of " + batch + "](" + name + ")");
      }
      Optional<Integer> largest = changes.stream().map(ChangeRun::agents).max(Integer::compare);
      if (largest.isPresent()) {
        int batch = batches().contains(100) ? 100 : batches().iterator().next();
        String name = "at-head-over-time-" + largest.get() + "-agents.png";
        atHeadOverTime(largest.get(), batch, directory.resolve(name));
        charts.add("![agents at the head over time](" + name + ")");
      }
      String markdown = markdown(charts);
      Files.writeString(directory.resolve("report.md"), markdown);
      return markdown;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String markdown(List<String> charts) {
    StringBuilder md = new StringBuilder("# PeerBook swarm benchmark\n\n");
    md.append("Real agents on loopback against a real data server and resource manager, ")
        .append("in the same run for every mode. `centralized` is the prior art: every agent ")
        .append("syncs from the data server. The other modes are peer-assisted, named by their ")
        .append("strategy chain.\n\n");
    md.append("## Change batches\n\n")
        .append("| agents | mode | batch | data-server requests | data-server bytes | bytes vs ")
        .append("centralized | all at head (median / slowest) | hops (log2 N) | sessions at once ")
        .append("per agent (mean) | most sessions by one agent | /metrics: 50 / 99 / 100% held ")
        .append("| /metrics: bytes from peers |\n")
        .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ChangeRun run : changes) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %d | %,d | %s | %.1f s / %.1f s | %d (%.1f) | %.3f | %d"
                  + " | %.1f / %.1f / %.1f s | %.1f%% |%n",
              run.agents(),
              run.mode(),
              run.batch(),
              run.dataServerRequests(),
              run.dataServerBytes(),
              ratioToCentralized(run),
              run.medianSeconds(),
              run.slowestSeconds(),
              run.rounds(),
              Math.log(run.agents()) / Math.log(2),
              run.meanSessionsAtOncePerAgent(),
              run.mostSessionsByOneAgent(),
              run.registry().half(),
              run.registry().ninetyNine(),
              run.registry().all(),
              100 * run.registry().peerShare()));
    }
    md.append("\n## Registry request latency (register, heartbeat, sources)\n\n")
        .append("| agents | mode | requests | p50 | p99 |\n|---:|---|---:|---:|---:|\n");
    for (Latency latency : latencies) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %.2f ms | %.2f ms |%n",
              latency.agents(),
              latency.mode(),
              latency.requests(),
              latency.p50Millis(),
              latency.p99Millis()));
    }
    if (!fullSyncs.isEmpty()) {
      md.append("\n## First full sync by fresh agents\n\n")
          .append("| mode | agents | contacts | data-server requests | data-server bytes | ")
          .append("all at head (median / slowest) | hops |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (FullSync sync : fullSyncs) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %,d | %d | %,d | %.1f s / %.1f s | %d |%n",
                sync.mode(),
                sync.agents(),
                sync.contacts(),
                sync.dataServerRequests(),
                sync.dataServerBytes(),
                sync.medianSeconds(),
                sync.slowestSeconds(),
                sync.rounds()));
      }
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(note -> md.append("- ").append(note).append('\n'));
    }
    md.append("\n## Charts\n\n");
    charts.forEach(chart -> md.append(chart).append("\n\n"));
    return md.toString();
  }

  private String ratioToCentralized(ChangeRun run) {
    if (run.mode().equals(CENTRALIZED)) {
      return "1";
    }
    return changes.stream()
        .filter(c -> c.mode().equals(CENTRALIZED))
        .filter(c -> c.agents() == run.agents() && c.batch() == run.batch())
        .findFirst()
        .filter(c -> c.dataServerBytes() > 0)
        .map(
            c ->
                String.format(
                    Locale.ROOT, "%.1f%%", 100.0 * run.dataServerBytes() / c.dataServerBytes()))
        .orElse("-");
  }

  private Set<Integer> batches() {
    Set<Integer> batches = new LinkedHashSet<>();
    changes.forEach(run -> batches.add(run.batch()));
    return batches;
  }

  private Set<String> modes() {
    Set<String> modes = new LinkedHashSet<>();
    changes.forEach(run -> modes.add(run.mode()));
    return modes;
  }

  private void bytesAgainstAgents(int batch, Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (String mode : modes()) {
      XYSeries series = new XYSeries(mode);
      changes.stream()
          .filter(run -> run.mode().equals(mode) && run.batch() == batch)
          // a log axis cannot show zero
          .forEach(run -> series.add(run.agents(), Math.max(1, run.dataServerBytes())));
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Data-server bytes per change batch of " + batch,
            "agents (N)",
            "bytes sent by the data server",
            data);
    XYPlot plot = chart.getXYPlot();
    LogAxis bytes = new LogAxis("bytes sent by the data server (log scale)");
    bytes.setNumberFormatOverride(new DecimalFormat("#,##0"));
    plot.setRangeAxis(bytes);
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    plot.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
  }

  private void atHeadOverTime(int agents, int batch, Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (ChangeRun run : changes) {
      if (run.agents() != agents || run.batch() != batch) {
        continue;
      }
      XYSeries series = new XYSeries(run.mode());
      series.add(0, 0);
      double[] seconds = run.secondsToHead();
      for (int i = 0; i < seconds.length; i++) {
        series.add(seconds[i], (i + 1) / (double) seconds.length);
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Agents at the head after a change of " + batch + " (" + agents + " agents)",
            "seconds after the change",
            "fraction of agents at the head",
            data);
    chart.getXYPlot().setRenderer(new XYStepRenderer());
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
  }
}
