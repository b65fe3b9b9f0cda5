package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;
import org.peerbook.QueryParameters;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.UnknownNodeException;

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
      Set.of("nodeId", "syncAddress", "networkAddress", "version", "head", "credential");
  private static final Set<String> HEARTBEAT_FIELDS = Set.of("version", "head", "load");

  @EJB ResourceManager manager;

  @Inject RequestRates rates;

  @Inject NodeTokenIssuer tokens;

  @EJB Enrollment enrollment;

  @Context HttpServletRequest client;

  /**
   * Registers a node (B). The enrollment credential is checked first: until it is, the request is
   * charged to its client address, never to the node it names, so nobody can spend another node's
   * rate. The version claim counts only with the signed head of that version ({@code head}).
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject register(
      InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    StrictObject json;
    String nodeId;
    try {
      json = StrictObject.of(WireJson.parse(body), "", REGISTRATION_FIELDS);
      nodeId = json.requiredText("nodeId", 128);
      enrollment.check(nodeId, json.optionalText("credential", 512));
    } catch (RuntimeException unauthenticated) {
      rates.admitUnauthenticated(client.getRemoteAddr());
      throw unauthenticated;
    }
    rates.admit(nodeId);
    var lease =
        manager.register(
            new Registration(
                nodeId,
                json.requiredText("syncAddress", 2048),
                json.requiredText("networkAddress", 64),
                json.requiredLong("version", 0, Long.MAX_VALUE),
                head(json),
                provenNode(authorization)));
    return leaseJson(lease, nodeId).add("accepted", true).build();
  }

  private static SignedHead head(StrictObject json) {
    return json.has("head") ? WireJson.readHead(json.value("head"), "head") : null;
  }

  private JsonObjectBuilder leaseJson(ResourceManager.Lease lease, String nodeId) {
    JsonObjectBuilder revocations = Json.createObjectBuilder();
    lease.revoked().forEach((id, cutoff) -> revocations.add(id, cutoff.toString()));
    return Json.createObjectBuilder()
        .add("leaseSeconds", lease.leaseSeconds())
        .add("headVersion", lease.headVersion())
        .add("countedVersion", lease.countedVersion())
        .add("revocations", revocations)
        .add("token", tokens.registryTokenFor(nodeId))
        .add("peerToken", tokens.peerTokenFor(nodeId));
  }

  /** The node a valid, unrevoked registry token in the header names; {@code null} without one. */
  private String provenNode(String authorization) {
    NodeToken token = tokens.provenToken(authorization);
    return token == null || manager.isRevoked(token.nodeId(), token.expires())
        ? null
        : token.nodeId();
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
            head(json),
            (int) json.requiredLong("load", 0, Integer.MAX_VALUE));
    return leaseJson(lease, nodeId).build();
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
   * reason}} ({@code fault} one of {@link SourceFault}, {@code REFUSED} when absent). The answer
   * says whether it counted ({@code accepted}: the registry had recently handed that source to the
   * reporter) and whether the source was evicted.
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
    var outcome =
        manager.report(
            reporterId,
            json.requiredText("nodeId", 128),
            SourceFault.named(json.optionalText("fault", 32)),
            json.requiredText("reason", 1000));
    return Json.createObjectBuilder()
        .add("accepted", outcome.counted())
        .add("evicted", outcome.evicted())
        .build();
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

  /**
   * The request carries {@code nodeId}'s own unrevoked token (401/403 if not) and is within the
   * node's rate. Only then is the node's rate charged: a request that fails the token is charged to
   * its client address.
   */
  private void speaksFor(String nodeId, String authorization) {
    NodeToken token;
    try {
      token = tokens.requireTokenOf(nodeId, authorization);
    } catch (RuntimeException unauthenticated) {
      rates.admitUnauthenticated(client.getRemoteAddr());
      throw unauthenticated;
    }
    if (manager.isRevoked(nodeId, token.expires())) {
      rates.admitUnauthenticated(client.getRemoteAddr());
      if (!manager.isEnrolled(nodeId)) {
        // it left or was evicted: as for any node without a lease, it may register again
        throw new UnknownNodeException(nodeId);
      }
      throw new InvalidTokenException(
          "this token of node " + nodeId + " was revoked; the node registered again since");
    }
    rates.admit(nodeId);
  }
}
