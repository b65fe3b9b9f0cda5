package org.peerbook.registry.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.entity.ResourceNode;

/** The resource manager for administrators: the node table, eviction, allocation settings. */
@RolesAllowed("admin")
@Path("registry/admin")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class RegistryAdminResource {
  static final String TOTAL_COUNT = "X-Total-Count";

  @EJB ResourceManager manager;

  @Inject RequestTimings timings;

  /**
   * The node table, or one page of it: {@code q} (id or address contains), {@code sort} (a column),
   * {@code order} ({@code asc}, {@code desc}), {@code offset}, {@code limit} (at most {@value
   * NodeQuery#MAX_LIMIT}). {@value #TOTAL_COUNT} says how many nodes match in all.
   */
  @GET
  @Path("nodes")
  public Response nodes(
      @QueryParam("q") String contains,
      @QueryParam("sort") String sort,
      @QueryParam("order") String order,
      @QueryParam("offset") String offset,
      @QueryParam("limit") String limit) {
    NodeQuery.Page page = NodeQuery.of(contains, sort, order, offset, limit).apply(manager.nodes());
    long head = manager.headVersion();
    JsonArrayBuilder nodes = JsonBuilders.array();
    page.nodes().forEach(node -> nodes.add(listed(node, head)));
    return Response.ok(nodes.build()).header(TOTAL_COUNT, page.total()).build();
  }

  /**
   * One node, with what this member knows of its recent past: the sources it was handed and has not
   * reported (within the report window), and the reports counted against it.
   */
  @GET
  @Path("nodes/{id}")
  public JsonObject node(@PathParam("id") String nodeId) {
    ResourceNode node = manager.node(nodeId);
    return NodeJson.withStanding(listed(node, manager.headVersion()), manager.standing(nodeId));
  }

  private JsonObject listed(ResourceNode node, long head) {
    JsonObjectBuilder json =
        JsonBuilders.object(NodeJson.full(node))
            .add("behind", Math.max(0, head - node.version()))
            .add("demoted", manager.isDemoted(node.nodeId()));
    manager.siteOf(node.networkAddress()).ifPresent(site -> json.add("site", site));
    if (!node.leaseExpiry().equals(Instant.MAX)) {
      // every registration and heartbeat sets the expiry a lease from its arrival
      json.add("lastSeen", node.leaseExpiry().minusSeconds(manager.leaseSeconds()).toString());
    }
    return json.build();
  }

  @DELETE
  @Path("nodes/{id}")
  public Response evict(@PathParam("id") String nodeId) {
    manager.evict(nodeId);
    return Response.noContent().build();
  }

  @GET
  @Path("allocation")
  public JsonObject allocation() {
    var settings = manager.settings();
    return JsonBuilders.object()
        .add("chain", settings.chain())
        .add("k", settings.k())
        .add("maxK", settings.maxK())
        .add("dataServerSlots", settings.dataServerSlots())
        .add("peerAssisted", settings.peerAssisted())
        .build();
  }

  /**
   * Changes the allocation settings, e.g. {@code {"chain":"random","k":2}}; {@code
   * "peerAssisted":false} sends every node to the data server, as before PeerBook.
   */
  @PUT
  @Path("allocation")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject configure(InputStream body) {
    StrictObject json =
        StrictObject.of(
            WireJson.parse(body), "", Set.of("chain", "k", "dataServerSlots", "peerAssisted"));
    manager.configure(
        new SourceAllocator.SettingsChange(
            json.optionalText("chain", 200),
            json.has("k") ? (int) json.requiredLong("k", 1, Integer.MAX_VALUE) : null,
            json.has("dataServerSlots")
                ? (int) json.requiredLong("dataServerSlots", 1, Integer.MAX_VALUE)
                : null,
            json.has("peerAssisted") ? json.requiredBoolean("peerAssisted") : null));
    return allocation();
  }

  /** Forgets the request latencies measured so far, so the next figures cover a known period. */
  @DELETE
  @Path("stats/request-latency")
  public Response resetRequestLatency() {
    timings.reset();
    return Response.noContent().build();
  }

  @GET
  @Path("stats")
  public JsonObject statistics() {
    var stats = manager.statistics();
    var byStrategy = JsonBuilders.object();
    stats.allocationsByStrategy().forEach(byStrategy::add);
    return JsonBuilders.object()
        .add("nodes", manager.nodes().size())
        .add("headVersion", manager.headVersion())
        .add("registrations", stats.registrations.sum())
        .add("heartbeats", stats.heartbeats.sum())
        .add("deregistrations", stats.deregistrations.sum())
        .add("evictions", stats.evictions.sum())
        .add("expirations", stats.expirations.sum())
        .add("sourceRequests", stats.sourceRequests.sum())
        .add("allocationsByStrategy", byStrategy)
        .add("dataServerFallbacks", stats.dataServerFallbacks.sum())
        .add("dataServerRetries", stats.dataServerRetries.sum())
        .add("peersFull", stats.peersFull.sum())
        .add("upToDate", stats.upToDate.sum())
        .add("reports", stats.reports.sum())
        .add("dataServerGrantsNow", manager.dataServerGrants())
        .add("dataServerWaitingNow", manager.dataServerWaiting())
        .add("requestLatency", timings.toJson())
        .build();
  }
}
