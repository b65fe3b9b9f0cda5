package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A fault of ours: 500 with a reference to the log, never the stack trace. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context UriInfo request;

  @Override
  public Response toResponse(Throwable e) {
    String reference = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "unexpected failure, reference " + reference, e);
    return Problems.of(
        500, "Internal error", "the server failed; its log has reference " + reference, request);
  }
}
