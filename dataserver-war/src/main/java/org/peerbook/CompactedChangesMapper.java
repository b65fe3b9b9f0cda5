package org.peerbook;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.peerbook.feed.control.CompactedChangesException;
import org.peerbook.protocol.JsonBuilders;

/**
 * 410 Gone: the changes a follower asks for were compacted away. The body says where the log now
 * starts, and the follower must read the whole book again rather than skip what it missed.
 */
@Provider
public class CompactedChangesMapper implements ExceptionMapper<CompactedChangesException> {
  @Context UriInfo request;

  @Override
  public Response toResponse(CompactedChangesException e) {
    return Problems.of(
        410,
        "Changes compacted away",
        e.getMessage(),
        request,
        JsonBuilders.object()
            .add("logFloor", e.logFloor())
            .add("reread", "/api/contacts/export")
            .build());
  }
}
