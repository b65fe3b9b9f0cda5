package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.protocol.MalformedMessageException;

/** Input that does not follow the wire format: 400, naming the field. */
@Provider
public class MalformedMessageMapper implements ExceptionMapper<MalformedMessageException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(MalformedMessageException e) {
    return Problems.of(400, "Malformed request", e.getMessage(), request);
  }
}
