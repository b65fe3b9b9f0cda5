package org.peerbook.administrators.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Set;
import org.peerbook.Problems;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;

/**
 * The console's sign-in: {@code POST} a name and password as JSON (never in the URL) to open a
 * session, {@code GET} to learn whether the browser still has one (and its CSRF token, which the
 * page keeps in memory only), {@code DELETE} to sign out. The password is checked by the same
 * identity store, with the same throttling, as HTTP Basic. A form of another site cannot post here:
 * the body must be JSON, which a cross-origin page can only send after a CORS preflight this server
 * never grants.
 */
@Path("session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleSessionResource {
  private static final int MAX_NAME = 200;
  private static final int MAX_PASSWORD = 1024;

  @Inject AdministratorIdentityStore administrators;

  @Inject ClientAddresses clients;

  @Context HttpServletRequest request;

  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response signIn(InputStream body) {
    StrictObject json = StrictObject.of(WireJson.parse(body), "", Set.of("name", "password"));
    String name = json.requiredText("name", MAX_NAME);
    char[] password = json.requiredText("password", MAX_PASSWORD).toCharArray();
    CredentialValidationResult result =
        administrators.validate(name, password, clients.of(request));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return unauthorized("wrong name or password");
    }
    if (!result.getCallerGroups().contains(AdministratorIdentityStore.ROLE)) {
      return Problems.of(
          403, "Forbidden", name + " is not in the administrators' group of the directory", uri);
    }
    return Response.ok(json(ConsoleSession.open(request, name))).build();
  }

  @GET
  public Response current() {
    return ConsoleSession.of(request)
        .filter(session -> administrators.isAdministrator(session.name()))
        .map(session -> Response.ok(json(session)).build())
        .orElseGet(() -> unauthorized("not signed in (or the session ended): sign in again"));
  }

  /** Signing out needs the token too: another site must not be able to end the session. */
  @DELETE
  public Response signOut() {
    var session = ConsoleSession.of(request);
    if (session.isPresent() && !session.get().isRepeatedIn(request)) {
      return Problems.of(
          403,
          "Forbidden",
          "signing out needs the session's CSRF token in " + ConsoleSession.CSRF_HEADER,
          uri);
    }
    ConsoleSession.close(request);
    return Response.noContent().build();
  }

  private Response unauthorized(String why) {
    return Response.fromResponse(Problems.of(401, "Unauthorized", why, uri))
        .header(HttpHeaders.WWW_AUTHENTICATE, AdministratorAuthentication.CONSOLE_CHALLENGE)
        .build();
  }

  private static JsonObject json(ConsoleSession session) {
    return JsonBuilders.object()
        .add("name", session.name())
        .add("csrfToken", session.csrfToken())
        .add("csrfHeader", ConsoleSession.CSRF_HEADER)
        .add("idleMinutes", ConsoleSession.IDLE_MINUTES)
        .build();
  }
}
