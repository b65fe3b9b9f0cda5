package org.peerbook.sync.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.Problems;

/** A token that does not entitle this request: 403. */
@Provider
public class NotEnrolledMapper implements ExceptionMapper<NotEnrolledException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(NotEnrolledException e) {
    return Problems.of(403, "Not enrolled", e.getMessage(), request);
  }
}
