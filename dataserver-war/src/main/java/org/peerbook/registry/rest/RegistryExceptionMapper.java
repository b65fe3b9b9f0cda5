package org.peerbook.registry.rest;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;
import org.peerbook.Problems;
import org.peerbook.limits.boundary.OncePerMinute;
import org.peerbook.registry.allocation.control.InvalidSettingException;
import org.peerbook.registry.allocation.control.UnknownStrategyException;
import org.peerbook.registry.nodes.control.EnrollmentRefusedException;
import org.peerbook.registry.nodes.control.GridBusyException;
import org.peerbook.registry.nodes.control.GridCutOffException;
import org.peerbook.registry.nodes.control.InvalidNodeException;
import org.peerbook.registry.nodes.control.NodeClaimException;
import org.peerbook.registry.nodes.control.RegistryException;
import org.peerbook.registry.nodes.control.UnknownNodeException;

/** Requests the resource manager refuses, as problem details. */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
  private static final Logger LOG = Logger.getLogger(RegistryExceptionMapper.class.getName());

  /** Refusals of a busy grid come in floods, while a member stalls: said once a minute. */
  private static final OncePerMinute GRID_BUSY = new OncePerMinute(System::nanoTime);

  /** A member cut off refuses every node's request until it merges back: said once a minute. */
  private static final OncePerMinute CUT_OFF = new OncePerMinute(System::nanoTime);

  @Context UriInfo request;

  @Override
  public Response toResponse(RegistryException e) {
    if (e instanceof EnrollmentRefusedException refused) {
      return refused.missing()
          ? Response.fromResponse(Problems.of(401, "Enrollment required", e.getMessage(), request))
              .header("WWW-Authenticate", "PeerBook-Enrollment")
              .build()
          : Problems.of(403, "Enrollment refused", e.getMessage(), request);
    }
    if (e instanceof NodeClaimException claim) {
      Response conflict = Problems.of(409, "Already claimed", e.getMessage(), request);
      return claim.retryAfterSeconds() > 0
          ? Response.fromResponse(conflict).header("Retry-After", claim.retryAfterSeconds()).build()
          : conflict;
    }
    if (e instanceof GridBusyException) {
      return unavailable(GRID_BUSY, "Data grid busy", e, GridBusyException.RETRY_AFTER_SECONDS);
    }
    if (e instanceof GridCutOffException) {
      return unavailable(
          CUT_OFF, "Cut off from the cluster", e, GridCutOffException.RETRY_AFTER_SECONDS);
    }
    if (e instanceof UnknownNodeException) {
      return Problems.of(404, "Unknown node", e.getMessage(), request);
    }
    if (e instanceof InvalidNodeException) {
      return Problems.of(400, "Invalid node", e.getMessage(), request);
    }
    if (e instanceof InvalidSettingException) {
      return Problems.of(400, "Invalid setting", e.getMessage(), request);
    }
    if (e instanceof UnknownStrategyException) {
      return Problems.of(400, "Unknown strategy", e.getMessage(), request);
    }
    return Problems.of(400, "Refused", e.getMessage(), request);
  }

  /** 503 with {@code Retry-After}: such refusals come in floods, and are logged once a minute. */
  private Response unavailable(
      OncePerMinute log, String title, RegistryException e, int retryAfterSeconds) {
    log.warn(
        LOG,
        () ->
            "registry request(s) refused since the last such line: "
                + e.getMessage()
                + " (said at most once a minute)");
    return Response.fromResponse(Problems.unlogged(503, title, e.getMessage(), request))
        .header("Retry-After", retryAfterSeconds)
        .build();
  }
}
