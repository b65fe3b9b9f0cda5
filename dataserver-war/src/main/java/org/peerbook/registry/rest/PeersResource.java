package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/**
 * Where the registry lists another node, for a node about to pull from it. A sync request names its
 * requester's address, and a source that learns the requester is newer pulls from it (F4): it pulls
 * only from the address the registry lists for that node id, so that a request naming someone
 * else's address cannot send the source's token and requests there.
 */
@Path("registry/nodes/{id}/peers")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class PeersResource {
  @EJB ResourceManager manager;

  @Inject NodeCallers callers;

  /**
   * {@code {nodeId, syncAddress, version, dataServer}} of {@code otherId} as listed now; 404 if it
   * holds no lease. Asked with the asking node's own registry token, checked and charged as every
   * registry request's ({@link NodeCallers}).
   */
  @GET
  @Path("{otherId}")
  public JsonObject peer(
      @PathParam("id") String nodeId,
      @PathParam("otherId") String otherId,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpServletRequest client) {
    callers.speaksFor(nodeId, authorization, client);
    return NodeJson.offer(manager.node(otherId)).toJson();
  }
}
