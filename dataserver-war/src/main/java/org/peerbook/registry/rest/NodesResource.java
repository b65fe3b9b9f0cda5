package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;
import org.peerbook.QueryParameters;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.Registration;

/**
 * The resource manager as nodes use it: register (B), heartbeat, ask for sources (C, D),
 * deregister. Everything after registration needs the node's own token: nobody speaks for another
 * node.
 */
@Path("registry/nodes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
  private static final Set<String> REGISTRATION_FIELDS =
      Set.of("nodeId", "syncAddress", "networkAddress", "version", "credential");
  private static final Set<String> HEARTBEAT_FIELDS = Set.of("version", "load");

  @EJB ResourceManager manager;

  @Inject RequestRates rates;

  @Inject NodeTokenIssuer tokens;

  @EJB Enrollment enrollment;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject register(
      InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    StrictObject json = StrictObject.of(WireJson.parse(body), "", REGISTRATION_FIELDS);
    String nodeId = json.requiredText("nodeId", 128);
    rates.admit(nodeId);
    enrollment.check(nodeId, json.optionalText("credential", 512));
    var lease =
        manager.register(
            new Registration(
                nodeId,
                json.requiredText("syncAddress", 2048),
                json.requiredText("networkAddress", 64),
                json.requiredLong("version", 0, Long.MAX_VALUE),
                tokens.provenNode(authorization)));
    return Json.createObjectBuilder()
        .add("accepted", true)
        .add("leaseSeconds", lease.leaseSeconds())
        .add("headVersion", lease.headVersion())
        .add("revoked", Json.createArrayBuilder(lease.revoked()))
        .add("token", tokens.registryTokenFor(nodeId))
        .add("peerToken", tokens.peerTokenFor(nodeId))
        .build();
  }

  @PUT
  @Path("{id}/heartbeat")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject heartbeat(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      InputStream body) {
    speaksFor(nodeId, authorization);
    StrictObject json = StrictObject.of(WireJson.parse(body), "", HEARTBEAT_FIELDS);
    var lease =
        manager.heartbeat(
            nodeId,
            json.requiredLong("version", 0, Long.MAX_VALUE),
            (int) json.requiredLong("load", 0, Integer.MAX_VALUE));
    return Json.createObjectBuilder()
        .add("leaseSeconds", lease.leaseSeconds())
        .add("headVersion", lease.headVersion())
        .add("revoked", Json.createArrayBuilder(lease.revoked()))
        .add("token", tokens.registryTokenFor(nodeId))
        .add("peerToken", tokens.peerTokenFor(nodeId))
        .build();
  }

  /** Up to {@code k} sources ahead of the requester; a retry hint when none can be given yet. */
  @GET
  @Path("{id}/sources")
  public Response sources(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("k") String wantedText,
      @QueryParam("version") String versionText) {
    speaksFor(nodeId, authorization);
    Integer wanted =
        wantedText == null ? null : QueryParameters.intParam("k", wantedText, 0, 1, 1_000);
    Long version =
        versionText == null ? null : QueryParameters.longParam("version", versionText, 0);
    Allocation allocation = manager.sources(nodeId, version, wanted);
    JsonArrayBuilder sources = Json.createArrayBuilder();
    allocation.sources().forEach(node -> sources.add(NodeJson.source(node)));
    var json =
        Json.createObjectBuilder()
            .add("sources", sources)
            .add("dataServer", allocation.dataServer())
            .add("headVersion", allocation.headVersion());
    Response.ResponseBuilder response = Response.ok();
    if (allocation.retryAfterSeconds() > 0) {
      json.add("retryAfterSeconds", allocation.retryAfterSeconds());
      response.header("Retry-After", allocation.retryAfterSeconds());
    }
    return response.entity(json.build()).build();
  }

  /**
   * The node reports a source that did not deliver what it was offered for: {@code {nodeId, fault,
   * reason}} ({@code fault} one of {@link SourceFault}, {@code REFUSED} when absent).
   */
  @POST
  @Path("{id}/reports")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject report(
      @PathParam("id") String reporterId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      InputStream body) {
    speaksFor(reporterId, authorization);
    StrictObject json =
        StrictObject.of(WireJson.parse(body), "", Set.of("nodeId", "fault", "reason"));
    boolean evicted =
        manager.report(
            reporterId,
            json.requiredText("nodeId", 128),
            SourceFault.named(json.optionalText("fault", 32)),
            json.requiredText("reason", 1000));
    return Json.createObjectBuilder().add("accepted", true).add("evicted", evicted).build();
  }

  @DELETE
  @Path("{id}")
  public Response deregister(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    speaksFor(nodeId, authorization);
    manager.deregister(nodeId);
    return Response.noContent().build();
  }

  /** The request carries {@code nodeId}'s own token (401/403 if not) and is within its rate. */
  private void speaksFor(String nodeId, String authorization) {
    tokens.requireTokenOf(nodeId, authorization);
    rates.admit(nodeId);
  }
}
