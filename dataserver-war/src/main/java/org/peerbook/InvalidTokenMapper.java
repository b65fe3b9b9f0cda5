package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.protocol.InvalidTokenException;

/** A sync request without a valid node token: 401, and not one contact. */
@Provider
public class InvalidTokenMapper implements ExceptionMapper<InvalidTokenException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(InvalidTokenException e) {
    return Response.fromResponse(Problems.of(401, "Node token required", e.getMessage(), request))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"peerbook\"")
        .build();
  }
}
