package org.peerbook.protocol.serving;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;

/**
 * A refusal as every PeerBook node answers it (the sync API, and the data server's other APIs too):
 * the status, an RFC 9457 problem body and the headers that go with it ({@code WWW-Authenticate} on
 * 401, {@code Retry-After} where asking again helps).
 *
 * @param retryAfterSeconds 0 for none
 * @param challenge whether to send {@code WWW-Authenticate}
 */
public record ProblemDetails(
    int status, String title, String detail, long retryAfterSeconds, boolean challenge) {

  /** The refusal for what a serving step threw; null if it is not a refusal but a failure. */
  public static ProblemDetails of(RuntimeException refusal) {
    if (refusal instanceof MalformedMessageException) {
      return new ProblemDetails(400, "Malformed request", refusal.getMessage(), 0, false);
    }
    if (refusal instanceof InvalidTokenException) {
      return new ProblemDetails(401, "Node token required", refusal.getMessage(), 0, true);
    }
    if (refusal instanceof RefusedException refused) {
      return new ProblemDetails(
          refused.status(),
          refused.title(),
          refused.getMessage(),
          refused.retryAfterSeconds(),
          false);
    }
    return null;
  }

  /** The answer to a source's own failure: the requester learns nothing but to go elsewhere. */
  public static ProblemDetails internalError() {
    return new ProblemDetails(500, "Internal error", "the source failed; see its log", 0, false);
  }

  /**
   * @param instance the request's path, or null to leave {@code instance} out
   */
  public JsonObject toJson(String instance) {
    JsonObjectBuilder body =
        JsonBuilders.object()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail == null ? title : detail);
    if (instance != null) {
      body.add("instance", instance);
    }
    return body.build();
  }
}
