package org.peerbook.directory.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.peerbook.QueryParameters;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.RunReport;
import org.peerbook.protocol.JsonBuilders;

/**
 * Directory sources for administrators: each with its last run, and a run (or a dry run) now.
 * Errors: 404 unknown source, 409 a run of the source is under way or the book changed during the
 * run, 502 the directory failed the run (unreachable, bind refused, gone mid-run, timed out).
 */
@RolesAllowed("admin")
@Path("directory/sources")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DirectorySourcesResource {
  @EJB DirectorySources sources;

  @GET
  public JsonObject list() {
    JsonArrayBuilder items = JsonBuilders.array();
    sources.list().forEach(view -> items.add(toJson(view)));
    return JsonBuilders.object().add("sources", items).build();
  }

  @GET
  @Path("{name}")
  public JsonObject read(@PathParam("name") String name) {
    return toJson(sources.find(name));
  }

  /** Runs the source now and answers when it is done: 200 with what it did (or would do). */
  @POST
  @Path("{name}/runs")
  public JsonObject run(@PathParam("name") String name, @QueryParam("dryRun") String dryRun) {
    boolean dry = QueryParameters.booleanParam("dryRun", dryRun, false);
    return toJson(sources.run(name, dry));
  }

  private static JsonObject toJson(DirectorySources.SourceView view) {
    DirectorySource source = view.source();
    JsonObjectBuilder json =
        JsonBuilders.object()
            .add("name", source.name())
            .add("url", source.url())
            .add("baseDn", source.baseDn())
            .add("filter", source.filter())
            .add("flavour", source.flavour().key())
            .add("pageSize", source.pageSize())
            .add("maxEntries", source.maxEntries())
            .add("maxRunTime", source.maxRunTime().toString())
            .add("interval", source.interval().map(Object::toString).orElse("off"))
            .add("running", view.running() != null);
    JsonObjectBuilder mapping = JsonBuilders.object();
    source
        .mapping()
        .forEach((field, attributes) -> mapping.add(field.key(), String.join(",", attributes)));
    json.add("mapping", mapping);
    if (view.running() != null) {
      json.add("runningSince", view.running().startedAt().toString())
          .add("runningDryRun", view.running().dryRun())
          .add("runningEntriesSeen", view.runningEntriesSeen());
    }
    if (view.lastRun() == null) {
      json.addNull("lastRun");
    } else {
      json.add("lastRun", toJson(view.lastRun()));
    }
    return json.build();
  }

  static JsonObject toJson(RunReport run) {
    JsonObjectBuilder json =
        JsonBuilders.object()
            .add("source", run.source())
            .add("dryRun", run.dryRun())
            .add("status", run.status().name().toLowerCase(java.util.Locale.ROOT))
            .add("startedAt", run.startedAt().toString());
    time(json, "endedAt", run.endedAt());
    json.add("entriesSeen", run.entriesSeen())
        .add("creates", run.creates())
        .add("updates", run.updates())
        .add("deletes", run.deletes())
        .add("unchanged", run.unchanged())
        .add("errorCount", run.errorCount());
    JsonArrayBuilder errors = JsonBuilders.array();
    run.errors()
        .forEach(
            e -> errors.add(JsonBuilders.object().add("dn", e.dn()).add("reason", e.reason())));
    json.add("errors", errors);
    json.add(
        "phaseMillis",
        JsonBuilders.object()
            .add("directory", run.phases().directoryMillis())
            .add("compare", run.phases().compareMillis())
            .add("record", run.phases().recordMillis()));
    if (run.failure() != null) {
      json.add("failure", run.failure());
    }
    if (run.dryRun()) {
      JsonArrayBuilder sample = JsonBuilders.array();
      run.sample()
          .forEach(
              c ->
                  sample.add(
                      JsonBuilders.object()
                          .add("operation", c.operation())
                          .add("contactId", c.contactId())
                          .add("displayName", c.displayName())));
      json.add("sample", sample);
    } else if (run.bookVersion() > 0) {
      json.add("bookVersion", run.bookVersion());
    }
    return json.build();
  }

  private static void time(JsonObjectBuilder json, String name, Instant time) {
    if (time == null) {
      json.addNull(name);
    } else {
      json.add(name, time.toString());
    }
  }
}
