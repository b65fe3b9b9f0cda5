package org.peerbook.enrollment.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.peerbook.enrollment.control.Enrollment;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.UnknownNodeException;

/**
 * Per-node enrollment credentials for administrators: issue (shown once), list, withdraw. Under
 * {@code /api/registry/admin}, so only administrators reach it.
 */
@RolesAllowed("admin")
@Path("registry/admin/credentials")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {
  @EJB Enrollment enrollment;
  @EJB ResourceManager manager;

  @GET
  public JsonArray issued() {
    JsonArrayBuilder issued = Json.createArrayBuilder();
    enrollment
        .issued()
        .forEach(
            credential ->
                issued.add(
                    Json.createObjectBuilder()
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
        .entity(
            Json.createObjectBuilder()
                .add("nodeId", issued.nodeId())
                .add("credential", issued.credential())
                .add("issuedAt", issued.issuedAt().toString())
                .add("mode", enrollment.mode().configName())
                .build())
        .build();
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
