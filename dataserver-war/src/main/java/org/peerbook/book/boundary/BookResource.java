package org.peerbook.book.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Set;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.SigningKeys;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;

/**
 * The book as a whole: its signed head and the key that checks it (for anyone), and log compaction
 * (for administrators).
 */
@Path("book")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class BookResource {
  @EJB BookLog log;
  @EJB SigningKeys keys;

  @GET
  @Path("head")
  public JsonObject head() {
    BookLog.HeadView view = log.headView();
    return JsonBuilders.object(WireJson.toJson(view.head()))
        .add("logFloor", view.logFloor())
        .build();
  }

  @GET
  @Path("public-key")
  public JsonObject publicKey() {
    return JsonBuilders.object()
        .add("algorithm", HeadSignatures.ALGORITHM)
        .add("publicKey", keys.publicKeyText())
        .build();
  }

  /** Drops log entries below {@code floor}: requesters older than that get snapshots. */
  @POST
  @Path("compaction")
  @RolesAllowed("admin")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject compact(InputStream body) {
    long floor =
        StrictObject.of(WireJson.parse(body), "", Set.of("floor"))
            .requiredLong("floor", 1, Long.MAX_VALUE);
    long removed = log.compact(floor);
    BookLog.HeadView view = log.headView();
    return JsonBuilders.object()
        .add("logFloor", view.logFloor())
        .add("removedEntries", removed)
        .build();
  }
}
