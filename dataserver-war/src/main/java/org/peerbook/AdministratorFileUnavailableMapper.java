package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.administrators.control.AdministratorFileUnavailableException;

/** The administrators file cannot be read (a sign-in, the administrators' list): 503, saying so. */
@Provider
public class AdministratorFileUnavailableMapper
    implements ExceptionMapper<AdministratorFileUnavailableException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(AdministratorFileUnavailableException e) {
    return Response.fromResponse(Problems.of(503, "Service Unavailable", e.getMessage(), request))
        .header(HttpHeaders.RETRY_AFTER, AdministratorFileUnavailableException.RETRY_AFTER_SECONDS)
        .build();
  }
}
