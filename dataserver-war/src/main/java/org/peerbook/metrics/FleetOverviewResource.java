package org.peerbook.metrics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.peerbook.book.control.BookLog;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.freshness.VersionSpread;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.rest.HeldHeartbeats;
import org.peerbook.registry.rest.HeldSourceRequests;
import org.peerbook.registry.rest.RequestTimings;

/**
 * The fleet at a glance, as the console's overview shows it: the signed head, how many nodes are
 * how many versions behind it, how fast the latest versions spread, the share of sync bytes peers
 * carried, the data server's slots and the registry's latency. The same figures as {@code
 * /metrics}, in one JSON answer read at one moment.
 */
@RolesAllowed("admin")
@Path("registry/admin/overview")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class FleetOverviewResource {
  /** Versions behind shown one by one; nodes further behind are counted together. */
  static final int BEHIND_SHOWN = 32;

  @EJB BookLog log;

  @EJB ResourceManager manager;

  @EJB Enrollment enrollment;

  @Inject SyncOffload offload;

  @Inject RequestTimings timings;

  @Inject HeldHeartbeats heldHeartbeats;

  @Inject HeldSourceRequests heldSources;

  @GET
  public JsonObject overview() {
    BookLog.HeadView head = log.headView();
    VersionSpread.Snapshot spread = manager.versionSpread();
    var settings = manager.settings();
    return JsonBuilders.object()
        .add(
            "head",
            JsonBuilders.object(WireJson.toJson(head.head())).add("logFloor", head.logFloor()))
        .add("nodes", spread.nodes())
        .add("behind", behind(spread.nodesBehind()))
        .add("spread", spread(spread))
        .add(
            "offload",
            number(
                JsonBuilders.object()
                    .add("fromPeersBytes", offload.fromPeers())
                    .add("fromDataServerBytes", offload.fromDataServer()),
                "peerShare",
                offload.peerShare()))
        .add(
            "dataServer",
            JsonBuilders.object()
                .add("slots", settings.dataServerSlots())
                .add("inUse", manager.dataServerGrants())
                .add("waiting", manager.dataServerWaiting()))
        .add(
            "allocation",
            JsonBuilders.object()
                .add("chain", settings.chain())
                .add("k", settings.k())
                .add("peerAssisted", settings.peerAssisted()))
        .add(
            "held",
            JsonBuilders.object()
                .add("heartbeats", heldHeartbeats.held())
                .add("sourceRequests", heldSources.held()))
        .add("registryLatency", timings.toJson())
        .add("enrollment", JsonBuilders.object().add("mode", enrollment.mode().configName()))
        .build();
  }

  /** Nodes per versions behind, one row per value up to {@link #BEHIND_SHOWN}, then the rest. */
  static JsonArrayBuilder behind(Map<Long, Integer> nodesBehind) {
    JsonArrayBuilder rows = JsonBuilders.array();
    long further = 0;
    for (Map.Entry<Long, Integer> row : nodesBehind.entrySet()) {
      if (row.getKey() < BEHIND_SHOWN) {
        rows.add(JsonBuilders.object().add("versions", row.getKey()).add("nodes", row.getValue()));
      } else {
        further += row.getValue();
      }
    }
    if (further > 0) {
      rows.add(
          JsonBuilders.object()
              .add("versions", BEHIND_SHOWN)
              .add("orMore", true)
              .add("nodes", further));
    }
    return rows;
  }

  private static JsonArrayBuilder spread(VersionSpread.Snapshot snapshot) {
    JsonArrayBuilder versions = JsonBuilders.array();
    for (VersionSpread.Spread spread : snapshot.recent()) {
      JsonObjectBuilder toShare = JsonBuilders.object();
      for (int i = 0; i < VersionSpread.SHARES.size(); i++) {
        Optional<Duration> took = spread.toShare().get(i);
        String share = String.valueOf(VersionSpread.SHARES.get(i));
        if (took.isPresent()) {
          toShare.add(share, took.get().toNanos() / 1e9);
        } else {
          toShare.addNull(share);
        }
      }
      versions.add(
          JsonBuilders.object()
              .add("version", spread.version())
              .add("committedAt", spread.committed().toString())
              .add("secondsToShare", toShare));
    }
    return versions;
  }

  private static JsonObjectBuilder number(JsonObjectBuilder json, String name, double value) {
    return Double.isNaN(value) ? json.addNull(name) : json.add(name, value);
  }
}
