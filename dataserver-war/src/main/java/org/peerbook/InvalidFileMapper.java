package org.peerbook;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.exchange.control.InvalidFileException;
import org.peerbook.exchange.control.RowProblem;
import org.peerbook.protocol.JsonBuilders;

/** A refused import file: 400, with every bad row or card in the {@code errors} member. */
@Provider
public class InvalidFileMapper implements ExceptionMapper<InvalidFileException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(InvalidFileException e) {
    JsonArrayBuilder errors = JsonBuilders.array();
    for (RowProblem problem : e.problems()) {
      JsonObjectBuilder error = JsonBuilders.object().add("line", problem.line());
      if (problem.field() != null) {
        error.add("field", problem.field());
      }
      errors.add(error.add("why", problem.why()));
    }
    return Problems.of(
        400,
        "Invalid file",
        e.getMessage(),
        request,
        JsonBuilders.object()
            .add("errors", errors)
            .add("truncated", e.problems().size() >= InvalidFileException.MAX_LISTED)
            .build());
  }
}
