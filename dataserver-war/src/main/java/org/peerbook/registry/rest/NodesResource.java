package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.QueryParameters;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.metrics.SyncOffload;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import org.peerbook.protocol.registry.RegistryBinding;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.Lease;
import org.peerbook.registry.nodes.control.NodeAddresses;
import org.peerbook.registry.nodes.control.Registration;

/**
 * The resource manager as nodes use it: register (B), heartbeat, ask for sources (C, D),
 * deregister. Everything after registration needs the node's own token: nobody speaks for another
 * node.
 *
 * <p>One instance serves every request, which brings its own state as parameters: created and
 * injected for each request, as a request-scoped resource is, it took about a third of a
 * heartbeat's samples in JFR, and a fleet's heartbeats are the registry's main load.
 */
@Path(RegistryBinding.NODES)
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
  @EJB ResourceManager manager;

  @Inject RequestRates rates;

  @Inject ClientAddresses clients;

  @Inject NodeCallers callers;

  @Inject NodePlacement placement;

  @Inject NodeTokenIssuer tokens;

  @Inject SyncOffload offload;

  @Inject HeldHeartbeats heldHeartbeats;

  @Inject HeldSourceRequests heldSources;

  @Inject RequestTimings timings;

  @Inject
  @ConfigProperty(name = "peerbook.registry.max-sources-wait-seconds", defaultValue = "30")
  int maxSourcesWaitSeconds;

  @EJB Enrollment enrollment;

  /**
   * Registers a node (B). The enrollment credential is checked first: until it is, the request is
   * charged to its client address, never to the node it names, so nobody can spend another node's
   * rate. A node the registry does not know is charged to its client address's rate of new nodes
   * too. The version claim counts only with the signed head of that version ({@code head}); the
   * node's network address, only from a trusted reporter, and its sync address must point at the
   * node ({@link NodePlacement}).
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject register(
      InputStream body,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpServletRequest client) {
    String from = clients.of(client);
    JsonValue json;
    RegisterRequest.Enrolling enrolling;
    try {
      json = WireJson.parse(body);
      enrolling = RegisterRequest.enrolling(json);
      enrollment.check(enrolling.nodeId(), enrolling.credential().orElse(null));
    } catch (RuntimeException unauthenticated) {
      callers.refused(client);
      throw unauthenticated;
    }
    rates.admit(enrolling.nodeId());
    if (!manager.isEnrolled(enrolling.nodeId())) {
      rates.admitNewNode(from);
    }
    RegisterRequest request = RegisterRequest.read(json);
    placement.checkSyncAddress(from, NodeAddresses.syncAddress(request.syncAddress()));
    var lease =
        manager.register(
            new Registration(
                request.nodeId(),
                request.syncAddress(),
                placement.of(from, request.networkAddress()),
                request.version(),
                request.head().orElse(null),
                callers.provenNode(authorization)));
    return leaseAnswer(lease, tokens.issueFor(request.nodeId())).toJson(true);
  }

  private static LeaseAnswer leaseAnswer(Lease lease, LeaseAnswer.IssuedTokens issued) {
    return new LeaseAnswer(
        lease.leaseSeconds(),
        lease.headVersion(),
        lease.countedVersion(),
        lease.revoked(),
        issued,
        lease.syncSpreadMillis());
  }

  /**
   * Renews the lease. With {@code wait}, the answer is held (up to a third of the lease) until the
   * head moves past {@code since} (default: the version the node claims), so the node hears of a
   * new head as soon as it is committed, on any member.
   */
  @PUT
  @Path("{id}/" + RegistryBinding.HEARTBEAT)
  @Consumes(MediaType.APPLICATION_JSON)
  public void heartbeat(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam(RegistryBinding.WAIT) String waitText,
      @QueryParam(RegistryBinding.SINCE) String sinceText,
      InputStream body,
      @Context HttpServletRequest client,
      @Suspended AsyncResponse response) {
    callers.speaksFor(nodeId, authorization, client);
    int wait = waitSeconds(waitText);
    Long since =
        sinceText == null ? null : QueryParameters.longParam(RegistryBinding.SINCE, sinceText, 0);
    HeartbeatRequest beat = HeartbeatRequest.read(WireJson.parse(body));
    var lease =
        manager.heartbeat(
            nodeId, beat.version(), beat.head().orElse(null), beat.load(), beat.maxServing());
    offload.received(beat.received());
    long known = since == null ? beat.version() : since;
    long held = Math.min(wait, lease.leaseSeconds() / 3);
    boolean holding =
        held > 0
            && lease.headVersion() <= known
            && heldHeartbeats.hold(
                nodeId,
                known,
                Duration.ofSeconds(held),
                head -> answerHeartbeat(response, nodeId, lease, head));
    if (holding) {
      RegistryRequestTimer.held(client, timings);
    } else {
      answerHeartbeat(response, nodeId, lease, lease.headVersion());
    }
  }

  /** The lease as renewed, with the head as it stands now and tokens renewed as it is answered. */
  private void answerHeartbeat(AsyncResponse response, String nodeId, Lease lease, long head) {
    try {
      long now = Math.max(head, Math.max(lease.headVersion(), manager.headVersion()));
      response.resume(leaseAnswer(lease.at(now), tokens.renewFor(nodeId)).toJson(false));
    } catch (RuntimeException e) {
      response.resume(e);
    }
  }

  /**
   * Up to {@code k} sources ahead of the requester; a retry hint when none can be given yet. With
   * {@code wait}, a request that would get the hint is held until a node reaches a newer version
   * and it can be helped, or its time is up ({@link HeldSourceRequests}).
   */
  @GET
  @Path("{id}/" + RegistryBinding.SOURCES)
  public void sources(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("k") String wantedText,
      @QueryParam("version") String versionText,
      @QueryParam(RegistryBinding.WAIT) String waitText,
      @Context HttpServletRequest client,
      @Suspended AsyncResponse response) {
    callers.speaksFor(nodeId, authorization, client);
    Integer wanted =
        wantedText == null ? null : QueryParameters.intParam("k", wantedText, 0, 1, 1_000);
    Long version =
        versionText == null ? null : QueryParameters.longParam("version", versionText, 0);
    int wait = waitSeconds(waitText);
    Allocation allocation = manager.sources(nodeId, version, wanted);
    long held = Math.min(wait, maxSourcesWaitSeconds);
    boolean holding =
        allocation.retryAfterSeconds() > 0
            && held > 0
            && heldSources.hold(
                nodeId,
                Duration.ofSeconds(held),
                () -> manager.sources(nodeId, version, wanted),
                new HeldSourceRequests.Answer() {
                  @Override
                  public void sources(Allocation now) {
                    response.resume(sourcesAnswer(now));
                  }

                  @Override
                  public void failed(RuntimeException e) {
                    response.resume(e);
                  }
                });
    if (holding) {
      RegistryRequestTimer.held(client, timings);
    } else {
      response.resume(sourcesAnswer(allocation));
    }
  }

  /** The {@code wait} parameter: 0 when absent. */
  private static int waitSeconds(String waitText) {
    return waitText == null
        ? 0
        : QueryParameters.intParam(
            RegistryBinding.WAIT, waitText, 0, 0, RegistryBinding.MAX_WAIT_SECONDS);
  }

  private static Response sourcesAnswer(Allocation allocation) {
    var answer =
        new SourcesAnswer(
            allocation.sources().stream().map(NodeJson::offer).toList(),
            allocation.dataServer(),
            allocation.headVersion(),
            allocation.retryAfterSeconds());
    Response.ResponseBuilder response = Response.ok(answer.toJson());
    if (answer.retryAfterSeconds() > 0) {
      response.header(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds());
    }
    return response.build();
  }

  /**
   * The node reports a source that did not deliver what it was offered for: {@code {nodeId, fault,
   * reason}} ({@code fault} one of {@link SourceFault}, {@code REFUSED} when absent). The answer
   * says whether it counted ({@code accepted}: the registry had recently handed that source to the
   * reporter) and whether the source was evicted.
   */
  @POST
  @Path("{id}/" + RegistryBinding.REPORTS)
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject report(
      @PathParam("id") String reporterId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      InputStream body,
      @Context HttpServletRequest client) {
    callers.speaksFor(reporterId, authorization, client);
    SourceReport report = SourceReport.read(WireJson.parse(body));
    var outcome = manager.report(reporterId, report.nodeId(), report.fault(), report.reason());
    return new SourceReport.Outcome(outcome.counted(), outcome.evicted()).toJson();
  }

  @DELETE
  @Path("{id}")
  public Response deregister(
      @PathParam("id") String nodeId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpServletRequest client) {
    callers.speaksFor(nodeId, authorization, client);
    manager.deregister(nodeId);
    return Response.noContent().build();
  }
}
