package org.peerbook.sync.boundary;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.peerbook.Problems;
import org.peerbook.limits.control.RateLimitedException;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.SyncReply;
import org.peerbook.protocol.serving.SyncServing;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.rest.NodeCallers;
import org.peerbook.registry.rest.NodeTokenIssuer;
import org.peerbook.sync.control.DataServerSource;
import org.peerbook.sync.control.SyncCounters;

/**
 * The sync API over JAX-RS: {@link SyncServing} answers, as on every agent; this resource only says
 * who may be served here and sends the reply.
 */
@Path("sync")
@ApplicationScoped
public class SyncResource {
  @Inject DataServerSource source;
  @Inject SyncCounters counters;
  @Inject RequestRates rates;
  @Inject NodeTokenIssuer tokens;
  @Inject NodeCallers callers;
  @EJB ResourceManager registry;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response sync(
      InputStream body,
      @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context UriInfo uri,
      @Context HttpServletRequest client) {
    AtomicBoolean read = new AtomicBoolean();
    AtomicReference<String> admitted = new AtomicReference<>();
    SyncServing.Gate gate =
        (request, token) -> {
          read.set(true);
          admit(request, token, client);
          admitted.set(request.nodeId());
        };
    SyncReply reply =
        new SyncServing(gate, source, source.slots())
            .serve(body, authorization, acceptEncoding, Problems.instance(uri));
    if (!read.get()) {
      // unreadable: nobody's rate but its address's is spent on it (a refusal is a 429 instead)
      callers.refused(client);
    }
    reply
        .problem()
        // the rate limiter logged its own refusals
        .filter(problem -> !RateLimitedException.TITLE.equals(problem.title()))
        .ifPresent(problem -> Problems.log(problem.status(), problem.detail(), uri));
    Response.ResponseBuilder response = Response.status(reply.status());
    reply.headers().forEach(response::header);
    StreamingOutput stream =
        out -> {
          var counted = new CountingOutputStream(out);
          try (reply) {
            reply.writeBody(counted);
          } finally {
            if (admitted.get() != null) {
              rates.chargeAnswer(admitted.get(), counted.count);
            }
          }
        };
    return response.entity(stream).build();
  }

  /**
   * A peer token of the node the request speaks for, still enrolled, within its rate. A request
   * that fails this is charged to its client address, as the registry's are ({@link NodeCallers}).
   */
  private void admit(SyncRequest request, String authorization, HttpServletRequest client) {
    try {
      var token = tokens.requirePeerTokenOf(request.nodeId(), authorization);
      if (!registry.isEnrolled(request.nodeId())) {
        throw new NotEntitledException(
            "node "
                + request.nodeId()
                + " is not registered (evicted, deregistered or its lease lapsed)");
      }
      // enrolled again since: only tokens issued after its return are good
      tokens.requireUnrevoked(token);
    } catch (RuntimeException unauthenticated) {
      callers.refused(client);
      throw unauthenticated;
    }
    rates.admit(request.nodeId());
    rates.admitAnswer(request.nodeId());
  }

  @GET
  @Path("stats")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject stats() {
    return counters.toJson();
  }

  /** Counts what reaches the container, to charge it to the node answered. */
  private static final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }
}
