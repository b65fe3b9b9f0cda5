package org.peerbook;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** What JAX-RS itself refuses (unknown path, wrong method or media type...), as problem details. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    String title = original.getStatusInfo().getReasonPhrase();
    Response problem =
        Problems.of(status, title == null ? "Error" : title, e.getMessage(), request);
    var withHeaders = Response.fromResponse(problem);
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> withHeaders.header(name, value));
              }
            });
    return withHeaders.build();
  }
}
