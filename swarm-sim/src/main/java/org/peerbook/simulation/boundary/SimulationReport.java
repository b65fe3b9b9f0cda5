package org.peerbook.simulation.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.peerbook.simulation.entity.SimulationResult;
import org.peerbook.simulation.entity.SimulationSettings;

/** The figures of all runs as a text table for the terminal and as a Markdown report. */
public final class SimulationReport {
  private static final String[] HEADINGS = {
    "N",
    "log2 N",
    "chain",
    "DS copies/change",
    "DS % of central",
    "rounds",
    "mean hops",
    "50% s",
    "99% s",
    "converged s",
    "worst peer load",
    "mean peer load",
    "503s",
    "retry hints",
    "cross-site %",
    "hedged",
    "all at head",
    "wall s"
  };

  private final List<SimulationResult> results;
  private final long seed;
  private final long wallSeconds;
  private final double heartbeatCapacity;
  private final double sourceCapacity;

  /**
   * @param heartbeatCapacity heartbeats per second one server answers, for the registry load
   * @param sourceCapacity source requests per second one server answers
   */
  public SimulationReport(
      List<SimulationResult> results,
      long seed,
      long wallSeconds,
      double heartbeatCapacity,
      double sourceCapacity) {
    this.results = List.copyOf(results);
    this.seed = seed;
    this.wallSeconds = wallSeconds;
    this.heartbeatCapacity = heartbeatCapacity;
    this.sourceCapacity = sourceCapacity;
  }

  /**
   * The registry load of each peer-assisted run: how many servers answer its heartbeats and its
   * change's source requests at the given capacities.
   */
  public String registryLoad() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "registry load at %,.0f heartbeats/s and %,.0f source requests/s per member:%n",
                heartbeatCapacity,
                sourceCapacity));
    for (SimulationResult result : results) {
      if (!result.settings().centralized()) {
        text.append(
            String.format(
                Locale.ROOT,
                "  N=%,d %s: %s%n",
                result.settings().nodes(),
                chainLabel(result.settings()),
                RegistryLoad.of(result, heartbeatCapacity, sourceCapacity).describe()));
      }
    }
    return text.toString();
  }

  /** A fixed-width table, one row per run. */
  public String table() {
    List<String[]> rows = results.stream().map(this::row).toList();
    int[] widths = new int[HEADINGS.length];
    for (int c = 0; c < HEADINGS.length; c++) {
      widths[c] = HEADINGS[c].length();
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder text = new StringBuilder();
    appendLine(text, HEADINGS, widths);
    for (String[] row : rows) {
      appendLine(text, row, widths);
    }
    return text.toString();
  }

  public void writeMarkdown(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, markdown(), StandardCharsets.UTF_8);
  }

  public String markdown() {
    SimulationSettings first = results.get(0).settings();
    StringBuilder md = new StringBuilder();
    md.append("# Swarm simulation\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "One change (%d KiB on the wire) spreads from the data server to N agents. "
                    + "Seed %d, k=%d, %d data-server slots, lease %d s (heartbeat every %d s), "
                    + "max %d sessions per agent, sync jitter up to %d ms, %d sites. "
                    + "All runs took %d s of real time.%n%n",
                first.payloadBytes() / 1024,
                seed,
                first.k(),
                first.dataServerSlots(),
                first.leaseSeconds(),
                first.heartbeatMillis() / 1000,
                first.maxServing(),
                first.maxSyncJitterMillis(),
                first.sites(),
                wallSeconds));
    md.append("| ").append(String.join(" | ", HEADINGS)).append(" |\n|");
    md.append("---|".repeat(HEADINGS.length)).append('\n');
    for (SimulationResult result : results) {
      md.append("| ").append(String.join(" | ", row(result))).append(" |\n");
    }
    md.append("\n## Registry load\n\n```\n").append(registryLoad()).append("```\n");
    md.append(
        """

        ## What the columns mean

        - **DS copies/change**: sessions the data server served for the change; the centralized
          baseline serves one per agent. **DS % of central**: the same against the centralized run
          with the same N.
        - **rounds**: the longest chain of copies data server → peer → peer → ... that any agent's
          copy travelled (1 = straight from the data server); compare with log2 N. **mean hops**:
          the same, averaged over agents.
        - **50% s**, **99% s**: simulated seconds from the commit until half, and 99%, of the
          agents held the head.
        - **converged s**: simulated seconds from the commit until the last agent held the head.
          Agents hear of a change from their held heartbeat, answered as the change commits; in a
          "(polled)" row they hear of it at their next heartbeat, every third of the lease, so
          about 20 s of it is the heartbeat period.
        - **worst peer load**: the most sessions any agent served at once (its cap is the agent's
          `--max-serving`). **mean peer load**: the sessions a source was serving when a session
          began, counting that one, averaged over all peer sessions.
        - **503s**: sessions busy peers refused. **retry hints**: answers "every data-server slot is
          taken, ask again in 5 s". **cross-site %**: copies (peer or data server) that crossed
          sites, i.e. travelled over the WAN. **hedged**: copies started beside a slow one, from
          the next peer of the same answer, after a second of bytes below 512 KiB/s (the agent's
          `--slow-source-kb-per-second`); the first of the two to end wins. "(no hedging)" rows
          never start one.

        ## How it is simulated

        - **Events**: a discrete-event loop on a simulated clock (microseconds), single-threaded and
          seeded per run. Each agent plays `peer-agent`'s `Agent` loop: heartbeat every lease/3
          (random phase), each held by the resource manager until a new head (not in "(polled)" rows) →
          learns the newer head → random jitter → asks the resource manager for k
          sources → tries them in order (a busy peer answers 503, the next is tried; a slow one
          gets a second copy beside it from the next peer) → asks again
          when all are tried, up to 5 times, then waits for the next heartbeat; a retry hint
          reschedules the sync; a newer copy is reported at once (a heartbeat).
        - **Registry**: the resource manager's own `Registry` (the EJB is a thin boundary around
          it), unchanged: registration, heartbeats with signed heads (one real Ed25519 book key),
          source requests through the node table's `PeerIndex`, `DataServerAdmission`; the real
          strategies with a real `SiteMap` of `/12` sites in a ring of neighbours. Only its clock
          (the simulated one) and its randomness (seeded) are the simulation's.
        - **Links**: per agent an access link (70% 100 Mbit/s, 20% 1 Gbit/s, 10% remote at 20
          Mbit/s and 15 ms), round trips growing with distance (subnet, site, neighbouring site,
          elsewhere: +0, 1, 10, 40 ms), WAN sessions capped (50 / 10 Mbit/s); a source's uplink is
          split into fixed shares, one per session it may serve (8 for an agent, the slots for the
          data server, 64 queued sessions for the centralized data server). A copy costs three
          round trips plus the payload at the slowest rate on its path.
        - **Not modelled**: churn (leases lapsing, agents leaving), hostile peers, several changes
          in flight, processor sharing of uplinks, registry queueing.
        """);
    return md.toString();
  }

  private String[] row(SimulationResult result) {
    SimulationSettings settings = result.settings();
    return new String[] {
      String.format(Locale.ROOT, "%,d", settings.nodes()),
      String.format(Locale.ROOT, "%.1f", result.log2Nodes()),
      chainLabel(settings),
      String.format(Locale.ROOT, "%,d", result.dataServerCopies()),
      centralShare(result),
      Integer.toString(result.rounds()),
      String.format(Locale.ROOT, "%.2f", result.meanGeneration()),
      seconds(result.halfSeconds()),
      seconds(result.ninetyNineSeconds()),
      String.format(Locale.ROOT, "%.1f", result.convergenceSeconds()),
      settings.centralized() ? "-" : Integer.toString(result.worstPeerLoad()),
      settings.centralized() ? "-" : String.format(Locale.ROOT, "%.2f", result.meanPeerLoad()),
      String.format(Locale.ROOT, "%,d", result.refusals()),
      String.format(Locale.ROOT, "%,d", result.retryHints()),
      String.format(Locale.ROOT, "%.1f", 100 * result.crossSiteShare()),
      settings.centralized() ? "-" : String.format(Locale.ROOT, "%,d", result.hedges()),
      result.converged() ? "yes" : String.format(Locale.ROOT, "no (%,d)", result.nodesAtHead()),
      String.format(Locale.ROOT, "%.1f", result.wallMillis() / 1000.0)
    };
  }

  private static String chainLabel(SimulationSettings settings) {
    String label = settings.heldRequests() ? settings.chain() : settings.chain() + " (polled)";
    if (!settings.hopBudget() && !settings.centralized()) {
      label += " (no hop budget)";
    }
    if (!settings.slowSource().leaves() && !settings.centralized()) {
      label += " (no hedging)";
    }
    int stagger = settings.dataServerStaggerMillis();
    return settings.centralized()
            || stagger == SimulationSettings.DEFAULT_DATA_SERVER_STAGGER_MILLIS
        ? label
        : label + " (stagger " + stagger + " ms)";
  }

  /** Seconds to a share of the nodes; "-" if the run stopped before they got there. */
  private static String seconds(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private String centralShare(SimulationResult result) {
    return results.stream()
        .filter(
            r -> r.settings().centralized() && r.settings().nodes() == result.settings().nodes())
        .filter(r -> r.dataServerCopies() > 0)
        .findFirst()
        .map(
            central -> {
              double percent = 100.0 * result.dataServerCopies() / central.dataServerCopies();
              // a few copies out of a million need four decimals to show at all
              return String.format(Locale.ROOT, percent >= 1 ? "%.1f%%" : "%.4f%%", percent);
            })
        .orElse("-");
  }

  private static void appendLine(StringBuilder text, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        text.append("  ");
      }
      // numbers right-aligned, the chain left-aligned
      String format = c == 2 ? "%-" + widths[c] + "s" : "%" + widths[c] + "s";
      text.append(String.format(Locale.ROOT, format, cells[c]));
    }
    text.append('\n');
  }
}
