package org.peerbook.feed.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peerbook.QueryParameters;
import org.peerbook.book.entity.ChangeLogEntry;
import org.peerbook.feed.control.ChangeFeed;
import org.peerbook.feed.control.FeedWaiters;
import org.peerbook.protocol.JsonBuilders;

/** The change feed: what changed after a version, page by page, optionally waiting for news. */
@RolesAllowed("admin")
@Path("changes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes", description = "The change feed for systems that follow the book")
public class ChangesResource {
  @EJB ChangeFeed feed;
  @Inject FeedWaiters waiters;

  @Inject
  @ConfigProperty(name = "peerbook.feed.max-page-size", defaultValue = "1000")
  int maxLimit;

  @Inject
  @ConfigProperty(name = "peerbook.feed.max-wait-seconds", defaultValue = "60")
  int maxWaitSeconds;

  @GET
  @Operation(
      summary = "Changes after a version, oldest first",
      description =
          "Like CouchDB's _changes: each change carries the contact as it became (null for a"
              + " DELETE). Pass `last` as `since` to get the next page; `head` is the book's"
              + " version. With `wait`, an empty page is held until a change commits or the wait"
              + " ends (then answered empty). Start with since=0, or with the head version you"
              + " read the whole book at.")
  @APIResponse(
      responseCode = "200",
      description =
          "A page of changes: {changes:[{version, contactId, operation, contact, time}],"
              + " since, last, head, logFloor}",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "A parameter is not a number in its range")
  @APIResponse(
      responseCode = "409",
      description = "`since` is beyond the head: the follower saw another book, read it again")
  @APIResponse(
      responseCode = "410",
      description =
          "The log was compacted past `since`: read the whole book again (GET"
              + " /api/contacts/export) and follow from the version it names")
  @APIResponse(
      responseCode = "503",
      description = "Too many followers wait already; retry after Retry-After seconds")
  public void changes(
      @Parameter(description = "the version already seen (default 0: from the start)")
          @QueryParam("since")
          String sinceText,
      @Parameter(description = "most changes in the page (default 100, at most the configured max)")
          @QueryParam("limit")
          String limitText,
      @Parameter(description = "seconds to wait for a change when none is newer (default 0)")
          @QueryParam("wait")
          String waitText,
      @Suspended AsyncResponse response) {
    long since = sinceText == null ? 0 : QueryParameters.longParam("since", sinceText, 0);
    int limit = QueryParameters.intParam("limit", limitText, 100, 1, maxLimit);
    int wait = QueryParameters.intParam("wait", waitText, 0, 0, maxWaitSeconds);
    ChangeFeed.Page page = feed.after(since, limit);
    if (!page.changes().isEmpty() || wait == 0) {
      response.resume(toJson(page));
      return;
    }
    if (!waiters.await(since, Duration.ofSeconds(wait), () -> answer(response, since, limit))) {
      throw new ServiceUnavailableException("too many followers are waiting for changes", 1L);
    }
  }

  /** Reads the page again once woken; a failure (the log compacted meanwhile) maps as usual. */
  private void answer(AsyncResponse response, long since, int limit) {
    try {
      response.resume(toJson(feed.after(since, limit)));
    } catch (RuntimeException e) {
      response.resume(e);
    }
  }

  private static JsonObject toJson(ChangeFeed.Page page) {
    JsonArrayBuilder changes = JsonBuilders.array();
    page.changes().forEach(entry -> changes.add(toJson(entry)));
    return JsonBuilders.object()
        .add("changes", changes)
        .add("since", page.since())
        .add("last", page.last())
        .add("head", page.head())
        .add("logFloor", page.logFloor())
        .build();
  }

  private static JsonObject toJson(ChangeLogEntry entry) {
    JsonObjectBuilder json =
        JsonBuilders.object()
            .add("version", entry.version())
            .add("contactId", entry.contactId())
            .add("operation", entry.operation().name());
    if (entry.contactJson() == null) {
      json.add("contact", JsonValue.NULL);
    } else {
      try (var reader = JsonBuilders.PROVIDER.createReader(new StringReader(entry.contactJson()))) {
        json.add("contact", reader.readObject());
      }
    }
    return json.add("time", Instant.ofEpochMilli(entry.recordedAt()).toString()).build();
  }
}
