package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/** The resource manager's node table, read-only for now. */
@Path("registry/nodes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
  @EJB ResourceManager manager;

  @GET
  public JsonArray nodes() {
    JsonArrayBuilder nodes = Json.createArrayBuilder();
    manager
        .nodes()
        .forEach(
            node ->
                nodes.add(
                    Json.createObjectBuilder()
                        .add("nodeId", node.nodeId())
                        .add("syncAddress", node.syncAddress())
                        .add("version", node.version())
                        .add("origin", node.origin())
                        .add("registeredAt", node.registeredAt().toString())));
    return nodes.build();
  }
}
