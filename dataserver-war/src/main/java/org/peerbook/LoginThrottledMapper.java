package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.administrators.control.LoginThrottledException;

/** A console sign-in whose password cannot be checked now: 429 or 503 with {@code Retry-After}. */
@Provider
public class LoginThrottledMapper implements ExceptionMapper<LoginThrottledException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(LoginThrottledException e) {
    return Response.fromResponse(
            Problems.of(
                e.status(),
                e.status() == 429 ? "Too Many Requests" : "Service Unavailable",
                e.getMessage(),
                request))
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }
}
