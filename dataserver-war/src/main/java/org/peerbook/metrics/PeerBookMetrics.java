package org.peerbook.metrics;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.registry.freshness.VersionSpread;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.rest.HeldHeartbeats;
import org.peerbook.registry.rest.HeldSourceRequests;
import org.peerbook.registry.rest.RequestTimings;
import org.peerbook.sync.control.SyncCounters;

/**
 * PeerBook's figures as MicroProfile Metrics (application scope): {@code GET /metrics} answers them
 * in Prometheus' text format, tagged {@code mp_scope="application"}, beside the server's own.
 * Freshness: nodes by versions behind the head, and how long the latest versions took to reach
 * 50/99/100% of the nodes. Offload: sync bytes the nodes received from peers and from the data
 * server, and the peers' share. Load: sync answers by kind, registry request latency, the head
 * version (one per change: its rate is the writes per second). In a cluster every member answers
 * for what it saw: the freshness figures for the whole fleet (its replica holds every node), the
 * counters for the requests it served (sum them over the members).
 */
@ApplicationScoped
public class PeerBookMetrics {
  /** The buckets of versions behind the head, by lower bound; the last takes everything above. */
  static final List<Long> BEHIND_FROM = List.of(0L, 1L, 2L, 4L, 8L, 16L);

  /** How long one snapshot serves: well within one scrape, well below any scrape interval. */
  private static final long SNAPSHOT_NANOS = 500_000_000L;

  private record Taken(long atNanos, VersionSpread.Snapshot snapshot) {}

  private volatile Taken lastSpread;

  @Inject MetricRegistry metrics;

  @EJB ResourceManager manager;

  @Inject SyncOffload offload;

  @Inject SyncCounters syncs;

  @Inject RequestTimings timings;

  @Inject HeldHeartbeats heldHeartbeats;

  @Inject HeldSourceRequests heldSources;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    gauge(
        "peerbook_nodes",
        "nodes in the registry's table",
        MetricUnits.NONE,
        () -> spread().nodes());
    gauge(
        "peerbook_heartbeats_held",
        "heartbeat answers held until a new head (on this member)",
        MetricUnits.NONE,
        () -> heldHeartbeats.held());
    gauge(
        "peerbook_source_requests_held",
        "source requests held until a node can help (on this member)",
        MetricUnits.NONE,
        () -> heldSources.held());
    for (int i = 0; i < BEHIND_FROM.size(); i++) {
      long from = BEHIND_FROM.get(i);
      long to = i + 1 < BEHIND_FROM.size() ? BEHIND_FROM.get(i + 1) - 1 : Long.MAX_VALUE;
      gauge(
          "peerbook_nodes_behind",
          "nodes this many versions behind the head",
          MetricUnits.NONE,
          () -> behind(from, to),
          new Tag("versions", label(from, to)));
    }
    for (int i = 0; i < VersionSpread.SHARES.size(); i++) {
      int share = i;
      Tag tag = new Tag("share", String.valueOf(VersionSpread.SHARES.get(i)));
      gauge(
          "peerbook_version_spread_seconds",
          "seconds from a commit until this share of the nodes held it, for the newest version"
              + " that got there",
          MetricUnits.SECONDS,
          () ->
              spread(share)
                  .map(s -> seconds(s.toShare().get(share).orElseThrow()))
                  .orElse(Double.NaN),
          tag);
      gauge(
          "peerbook_version_spread_version",
          "the version peerbook_version_spread_seconds is about",
          MetricUnits.NONE,
          () -> spread(share).map(VersionSpread.Spread::version).orElse(-1L),
          tag);
    }
    gauge(
        "peerbook_book_head_version",
        "the book's head version: one per change",
        MetricUnits.NONE,
        manager::headVersion);
    gauge(
        "peerbook_sync_received_bytes",
        "sync bytes the nodes received, as their heartbeats to this member told",
        MetricUnits.BYTES,
        offload::fromPeers,
        new Tag("source", "peer"));
    gauge(
        "peerbook_sync_received_bytes",
        "sync bytes the nodes received, as their heartbeats to this member told",
        MetricUnits.BYTES,
        offload::fromDataServer,
        new Tag("source", "data_server"));
    gauge(
        "peerbook_sync_peer_share",
        "share of the received sync bytes that peers carried",
        MetricUnits.NONE,
        offload::peerShare);
    for (SyncAnswer.Kind kind : SyncAnswer.Kind.values()) {
      gauge(
          "peerbook_sync_answers",
          "sync answers this data server sent, by kind",
          MetricUnits.NONE,
          () -> syncs.answers(kind),
          new Tag("kind", kind.name()));
    }
    gauge(
        "peerbook_sync_sent_bytes",
        "sync bytes this data server sent",
        MetricUnits.BYTES,
        syncs::bytesSent);
    Map<String, ToDoubleFunction<RequestTimings.Latency>> quantiles =
        Map.of("0.5", RequestTimings.Latency::p50Millis, "0.99", RequestTimings.Latency::p99Millis);
    quantiles.forEach(
        (quantile, millis) ->
            gauge(
                "peerbook_registry_request_latency_seconds",
                "registry requests' latency over the latest 65,536",
                MetricUnits.SECONDS,
                () -> millis.applyAsDouble(timings.latency()) / 1e3,
                new Tag("quantile", quantile)));
    gauge(
        "peerbook_registry_requests",
        "registry requests this member answered",
        MetricUnits.NONE,
        () -> timings.latency().requests());
  }

  /**
   * One snapshot of the spread for every gauge of a scrape: the thirteen gauges that read it agree
   * with each other, and a scrape takes one snapshot, not thirteen.
   */
  private VersionSpread.Snapshot spread() {
    long now = System.nanoTime();
    Taken taken = lastSpread;
    if (taken == null || now - taken.atNanos() > SNAPSHOT_NANOS) {
      taken = new Taken(now, manager.versionSpread());
      lastSpread = taken;
    }
    return taken.snapshot();
  }

  private <T extends Number> void gauge(
      String name, String description, String unit, Supplier<T> value, Tag... tags) {
    metrics.gauge(
        Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
        value,
        tags);
  }

  private long behind(long from, long to) {
    return spread().nodesBehind().subMap(from, true, to, true).values().stream()
        .mapToLong(Integer::longValue)
        .sum();
  }

  private static String label(long from, long to) {
    if (to == Long.MAX_VALUE) {
      return from + "+";
    }
    return from == to ? String.valueOf(from) : from + "-" + to;
  }

  /** The newest followed version that reached share {@code index}. */
  private Optional<VersionSpread.Spread> spread(int index) {
    return spread().recent().stream()
        .filter(spread -> spread.toShare().get(index).isPresent())
        .findFirst();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
