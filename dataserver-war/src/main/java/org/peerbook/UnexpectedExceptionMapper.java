package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fault of ours: 500 with a reference to the log, never the stack trace; or, when the database or
 * the data grid is out of reach ({@link Unavailability}), 503 with {@code Retry-After}.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  static final int RETRY_AFTER_SECONDS = 5;

  @Context UriInfo request;

  @Override
  public Response toResponse(Throwable e) {
    var unavailable = Unavailability.of(e);
    if (unavailable.isPresent()) {
      return Response.fromResponse(
              Problems.of(503, "Service unavailable", unavailable.get(), request))
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
    String reference = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "unexpected failure, reference " + reference, e);
    return Problems.of(
        500, "Internal error", "the server failed; its log has reference " + reference, request);
  }
}
