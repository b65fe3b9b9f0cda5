package org.peerbook.administrators.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Set;
import org.peerbook.Problems;
import org.peerbook.administrators.control.AdministratorFile;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;

/**
 * The administrators file from the API: list the names, add an administrator or set a password (the
 * server hashes it and rewrites the file), remove one. Changing one's own password needs the
 * current one too, so that a session left open does not give the account away. The last
 * administrator, and the caller, cannot be removed here.
 */
@RolesAllowed("admin")
@Path("administrators")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdministratorsResource {
  static final int MIN_PASSWORD = 12;
  private static final int MAX_PASSWORD = 1024;

  @Inject AdministratorIdentityStore administrators;

  @Inject ClientAddresses clients;

  @Inject DirectoryAdministratorStore directory;

  @Context SecurityContext caller;

  @Context HttpServletRequest request;

  @Context UriInfo uri;

  @GET
  public JsonObject list() {
    String me = caller.getUserPrincipal().getName();
    JsonArrayBuilder names = JsonBuilders.array();
    administrators
        .names()
        .forEach(
            name -> names.add(JsonBuilders.object().add("name", name).add("you", name.equals(me))));
    JsonObjectBuilder answer = JsonBuilders.object().add("administrators", names);
    directory.group().ifPresent(group -> answer.add("directoryGroup", group));
    return answer.build();
  }

  /**
   * {@code {"password": "..."}} adds the administrator or sets its password; for one's own, {@code
   * "currentPassword"} too.
   */
  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response setPassword(@PathParam("name") String name, InputStream body) {
    if (!AdministratorFile.isValidName(name)) {
      throw new MalformedMessageException("name", "must be 1 to 64 letters, digits or ._@-");
    }
    StrictObject json =
        StrictObject.of(WireJson.parse(body), "", Set.of("password", "currentPassword"));
    String password = json.requiredText("password", MAX_PASSWORD);
    if (password.length() < MIN_PASSWORD) {
      throw new MalformedMessageException(
          "password", "must be at least " + MIN_PASSWORD + " characters");
    }
    if (name.equals(caller.getUserPrincipal().getName())) {
      if (!administrators.names().contains(name)) {
        return Problems.of(
            409,
            "Conflict",
            "your password is the directory's: change it there (this would add you to the file)",
            uri);
      }
      String current = json.optionalText("currentPassword", MAX_PASSWORD);
      if (current == null
          || administrators.validate(name, current.toCharArray(), clients.of(request)).getStatus()
              != CredentialValidationResult.Status.VALID) {
        return Problems.of(
            403,
            "Forbidden",
            "changing your own password needs your current one in currentPassword",
            uri);
      }
    }
    boolean added = administrators.setPassword(name, password.toCharArray());
    return Response.status(added ? 201 : 200)
        .entity(JsonBuilders.object().add("name", name).add("added", added).build())
        .build();
  }

  @DELETE
  @Path("{name}")
  public Response remove(@PathParam("name") String name) {
    if (name.equals(caller.getUserPrincipal().getName())) {
      return Problems.of(
          409, "Conflict", "you cannot remove yourself: sign in as another administrator", uri);
    }
    try {
      if (!administrators.remove(name)) {
        return Problems.of(404, "Not Found", "no administrator " + name, uri);
      }
    } catch (IllegalStateException last) {
      return Problems.of(409, "Conflict", last.getMessage(), uri);
    }
    return Response.noContent().build();
  }
}
