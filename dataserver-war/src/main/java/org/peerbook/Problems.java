package org.peerbook;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.serving.ProblemDetails;

/**
 * RFC 9457 problem details: the body of every error this server sends, written as every PeerBook
 * node writes them ({@link ProblemDetails}).
 */
public final class Problems {
  public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());

  private Problems() {}

  /** The response for a refused request, logged once here (never again by the caller). */
  public static Response of(int status, String title, String detail, UriInfo request) {
    log(status, detail, request);
    return unlogged(status, title, detail, request);
  }

  /** The problem's {@code instance}: the request's path as it came, from the server's root. */
  public static String instance(UriInfo request) {
    return request.getRequestUri().getRawPath();
  }

  /** Logs a refusal whose response was built elsewhere (the sync API's, by the protocol). */
  public static void log(int status, String detail, UriInfo request) {
    String path = request == null ? "" : instance(request);
    if (status >= 500) {
      LOG.log(Level.SEVERE, () -> status + " " + path + ": " + detail);
    } else {
      LOG.info(() -> "refused " + path + " with " + status + ": " + detail);
    }
  }

  /** The same response, for a refusal its cause already logged (a flood must not flood the log). */
  public static Response unlogged(int status, String title, String detail, UriInfo request) {
    return unlogged(status, title, detail, request, JsonValue.EMPTY_JSON_OBJECT);
  }

  /**
   * A refusal with extension members (RFC 9457 section 3.2), e.g. the list of bad rows of a file.
   */
  public static Response of(
      int status, String title, String detail, UriInfo request, JsonObject extensions) {
    log(status, detail, request);
    return unlogged(status, title, detail, request, extensions);
  }

  private static Response unlogged(
      int status, String title, String detail, UriInfo request, JsonObject extensions) {
    var body =
        JsonBuilders.object(
            new ProblemDetails(status, title, detail, 0, false)
                .toJson(request == null ? null : instance(request)));
    extensions.forEach(body::add);
    return Response.status(status).type(PROBLEM_JSON).entity(body.build().toString()).build();
  }

  /** The body for a refusal made outside JAX-RS, logged once here; its title is the status's. */
  public static JsonObject body(int status, String detail, String path) {
    LOG.info(() -> "refused " + path + " with " + status + ": " + detail);
    return unloggedBody(status, detail, path);
  }

  /** The same body, for a refusal its cause already logged. */
  public static JsonObject unloggedBody(int status, String detail, String path) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "Error" : type.getReasonPhrase();
    return new ProblemDetails(status, title, detail, 0, false).toJson(path);
  }
}
