package org.peerbook.enrollment.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.UnknownNodeException;

/**
 * Per-node enrollment credentials for administrators: issue (shown once), list, withdraw. Under
 * {@code /api/registry/admin}, so only administrators reach it.
 */
@RolesAllowed("admin")
@Path("registry/admin/credentials")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {
  static final int MAX_BULK = 10_000;
  private static final int MAX_NODE_ID = 128;

  @EJB Enrollment enrollment;
  @EJB ResourceManager manager;

  @GET
  public JsonArray issued() {
    JsonArrayBuilder issued = JsonBuilders.array();
    enrollment
        .issued()
        .forEach(
            credential ->
                issued.add(
                    JsonBuilders.object()
                        .add("nodeId", credential.nodeId())
                        .add("issuedAt", Instant.ofEpochMilli(credential.issuedAt()).toString())));
    return issued.build();
  }

  /** A new credential for the node (replacing its earlier one), in the answer and nowhere else. */
  @POST
  @Path("{nodeId}")
  public Response issue(@PathParam("nodeId") String nodeId) {
    Enrollment.IssuedCredential issued = enrollment.issue(nodeId);
    return Response.status(issued.replaced() ? 200 : 201)
        .entity(json(issued).add("mode", enrollment.mode().configName()).build())
        .build();
  }

  /**
   * Credentials for many nodes at once, {@code {"nodeIds": [...]}} (at most {@value #MAX_BULK},
   * each once): all are issued or, if one id is bad, none. Shown in the answer and nowhere else.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject issueAll(InputStream body) {
    StrictObject json = StrictObject.of(WireJson.parse(body), "", Set.of("nodeIds"));
    List<JsonValue> listed = json.array("nodeIds", MAX_BULK);
    if (listed.isEmpty()) {
      throw new MalformedMessageException("nodeIds", "must list at least one node id");
    }
    List<String> nodeIds = new ArrayList<>(listed.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < listed.size(); i++) {
      String nodeId = StrictObject.text(listed.get(i), "nodeIds[" + i + "]", MAX_NODE_ID);
      if (!seen.add(nodeId)) {
        throw new MalformedMessageException("nodeIds[" + i + "]", nodeId + " is listed twice");
      }
      nodeIds.add(nodeId);
    }
    JsonArrayBuilder issued = JsonBuilders.array();
    enrollment.issueAll(nodeIds).forEach(credential -> issued.add(json(credential)));
    return JsonBuilders.object()
        .add("mode", enrollment.mode().configName())
        .add("credentials", issued)
        .build();
  }

  private static JsonObjectBuilder json(Enrollment.IssuedCredential issued) {
    return JsonBuilders.object()
        .add("nodeId", issued.nodeId())
        .add("credential", issued.credential())
        .add("issuedAt", issued.issuedAt().toString())
        .add("replaced", issued.replaced());
  }

  /** Withdraws the credential and evicts the node if it is registered: it cannot come back. */
  @DELETE
  @Path("{nodeId}")
  public Response withdraw(@PathParam("nodeId") String nodeId) {
    if (!enrollment.withdraw(nodeId)) {
      throw new NotFoundException("node " + nodeId + " has no credential");
    }
    try {
      manager.evict(nodeId);
    } catch (UnknownNodeException e) {
      // not registered now: nothing to evict
    }
    return Response.noContent().build();
  }
}
