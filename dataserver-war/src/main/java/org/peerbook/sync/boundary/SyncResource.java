package org.peerbook.sync.boundary;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.FutureVersionException;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.WireJson;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.rest.NodeTokenIssuer;
import org.peerbook.sync.control.Snapshot;
import org.peerbook.sync.control.SnapshotCache;
import org.peerbook.sync.control.SyncCounters;

/** Answers "my version is v, my hash is h" with EQUAL, DELTA or SNAPSHOT. */
@Path("sync")
@RequestScoped
public class SyncResource {
  @EJB BookLog log;
  @EJB SnapshotCache snapshots;
  @Inject SyncCounters counters;
  @Inject RequestRates rates;
  @Inject NodeTokenIssuer tokens;
  @EJB ResourceManager registry;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response sync(
      InputStream body,
      @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    SyncRequest request = WireJson.readSyncRequest(WireJson.parse(body));
    var token = tokens.requirePeerTokenOf(request.nodeId(), authorization);
    requireEnrolled(request.nodeId());
    // enrolled again since: only tokens issued after its return are good
    tokens.requireUnrevoked(token);
    rates.admit(request.nodeId());
    SyncResponder.Decision decision = SyncResponder.decide(request, log);
    switch (decision.kind()) {
      case REQUESTER_NEWER -> {
        var newer = (SyncAnswer.RequesterNewer) decision.answer();
        // the data server is the origin: nobody can be ahead of it
        throw new FutureVersionException(request.version(), newer.sourceVersion());
      }
      case SNAPSHOT -> {
        return snapshot(request.version(), acceptsGzip(acceptEncoding));
      }
      default -> {
        byte[] json =
            WireJson.toJson(decision.answer()).toString().getBytes(StandardCharsets.UTF_8);
        int entries =
            decision.answer() instanceof SyncAnswer.Delta delta ? delta.entries().size() : 0;
        counters.answered(decision.kind(), entries, json.length);
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
      }
    }
  }

  private void requireEnrolled(String nodeId) {
    if (!registry.isEnrolled(nodeId)) {
      throw new NotEnrolledException(
          "node " + nodeId + " is not registered (evicted, deregistered or its lease lapsed)");
    }
  }

  @GET
  @Path("stats")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject stats() {
    return counters.toJson();
  }

  /** The cached snapshot, never older than the requester's version (see {@link SnapshotCache}). */
  private Response snapshot(long requesterVersion, boolean gzip) {
    BookLog.HeadView view = log.headView();
    Snapshot snapshot =
        snapshots.snapshotFor(requesterVersion, view.head().version(), view.logFloor());
    counters.answered(SyncAnswer.Kind.SNAPSHOT, 0, snapshot.gzippedJson().length);
    if (gzip) {
      return Response.ok(snapshot.gzippedJson(), MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.CONTENT_ENCODING, "gzip")
          .build();
    }
    StreamingOutput plain =
        out -> {
          try (var in = new GZIPInputStream(new ByteArrayInputStream(snapshot.gzippedJson()))) {
            in.transferTo(out);
          }
        };
    return Response.ok(plain, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equalsIgnoreCase("gzip")) {
        return parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }
}
