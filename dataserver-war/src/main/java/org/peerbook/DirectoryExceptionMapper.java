package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.book.control.BookException;
import org.peerbook.directory.control.DirectoryException;
import org.peerbook.directory.control.DirectoryFailedException;
import org.peerbook.directory.control.RunFailedException;
import org.peerbook.directory.control.RunInProgressException;
import org.peerbook.directory.control.UnknownSourceException;

/** What a directory source refuses, and runs that failed. */
@Provider
public class DirectoryExceptionMapper implements ExceptionMapper<DirectoryException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(DirectoryException e) {
    if (e instanceof UnknownSourceException) {
      return Problems.of(404, "Unknown directory source", e.getMessage(), request);
    }
    if (e instanceof RunInProgressException) {
      return Problems.of(409, "Directory source running", e.getMessage(), request);
    }
    // a failed run was logged when it failed, scheduled or not
    if (e instanceof RunFailedException && e.getCause() instanceof DirectoryFailedException) {
      // the server stands between the administrator and a directory that failed: a gateway error
      return Problems.unlogged(502, "Directory failed", e.getMessage(), request);
    }
    if (e instanceof RunFailedException && e.getCause() instanceof BookException) {
      return Problems.unlogged(
          409, "Book changed during the run", e.getMessage() + "; run again", request);
    }
    return Problems.unlogged(500, "Directory run failed", e.getMessage(), request);
  }
}
