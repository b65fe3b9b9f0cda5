package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.protocol.serving.RefusedException;

/**
 * A refusal the protocol names (403 not entitled, 503 not ready...): its status, title and {@code
 * Retry-After}, as every source answers it.
 */
@Provider
public class RefusedMapper implements ExceptionMapper<RefusedException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(RefusedException e) {
    Response problem = Problems.of(e.status(), e.title(), e.getMessage(), request);
    if (e.retryAfterSeconds() <= 0) {
      return problem;
    }
    return Response.fromResponse(problem)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }
}
