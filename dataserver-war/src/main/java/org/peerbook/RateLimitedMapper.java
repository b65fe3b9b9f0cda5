package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.limits.control.RateLimitedException;

/** A node over its request rate: 429 with Retry-After; {@code RequestRates} logged it. */
@Provider
public class RateLimitedMapper implements ExceptionMapper<RateLimitedException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(RateLimitedException e) {
    Response problem = Problems.unlogged(429, "Too many requests", e.getMessage(), request);
    return Response.fromResponse(problem)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }
}
