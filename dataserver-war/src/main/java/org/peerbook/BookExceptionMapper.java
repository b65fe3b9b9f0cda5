package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.book.control.BookException;
import org.peerbook.book.control.ContactExistsException;
import org.peerbook.book.control.FutureVersionException;
import org.peerbook.book.control.InvalidChangeException;
import org.peerbook.book.control.StaleContactException;
import org.peerbook.book.control.UnknownContactException;

/** Requests the book refuses: the status says why. */
@Provider
public class BookExceptionMapper implements ExceptionMapper<BookException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(BookException e) {
    if (e instanceof UnknownContactException) {
      return Problems.of(404, "Unknown contact", e.getMessage(), request);
    }
    if (e instanceof StaleContactException) {
      return Problems.of(412, "Stale contact version", e.getMessage(), request);
    }
    if (e instanceof ContactExistsException) {
      return Problems.of(409, "Contact exists", e.getMessage(), request);
    }
    if (e instanceof FutureVersionException) {
      return Problems.of(409, "Version beyond the head", e.getMessage(), request);
    }
    if (e instanceof InvalidChangeException) {
      return Problems.of(400, "Invalid change", e.getMessage(), request);
    }
    return Problems.of(400, "Refused", e.getMessage(), request);
  }
}
