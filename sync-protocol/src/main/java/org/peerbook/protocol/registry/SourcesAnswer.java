package org.peerbook.protocol.registry;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.StrictObject;

/**
 * The sources a node may sync from now (flows C, D): {@code GET /api/registry/nodes/{id}/sources}.
 *
 * @param dataServer whether the data server itself is among them
 * @param headVersion the data server's head version
 * @param retryAfterSeconds above 0 when nothing can be offered yet: ask again after this long; an
 *     empty list with 0 means the node is up to date
 */
public record SourcesAnswer(
    List<SourceOffer> sources, boolean dataServer, long headVersion, int retryAfterSeconds) {
  /** The most sources one answer may list ({@code k} is at most 1000). */
  public static final int MAX_SOURCES = 1_000;

  private static final Set<String> MEMBERS =
      Set.of("sources", "dataServer", "headVersion", "retryAfterSeconds");

  public SourcesAnswer {
    sources = List.copyOf(sources);
  }

  public JsonObject toJson() {
    JsonArrayBuilder items = JsonBuilders.array();
    sources.forEach(source -> items.add(source.toJson()));
    JsonObjectBuilder json =
        JsonBuilders.object()
            .add("sources", items)
            .add("dataServer", dataServer)
            .add("headVersion", headVersion);
    if (retryAfterSeconds > 0) {
      json.add("retryAfterSeconds", retryAfterSeconds);
    }
    return json.build();
  }

  /**
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static SourcesAnswer read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    List<SourceOffer> sources = new ArrayList<>();
    List<JsonValue> items = json.array("sources", MAX_SOURCES);
    for (int i = 0; i < items.size(); i++) {
      sources.add(SourceOffer.read(items.get(i), "sources[" + i + "]"));
    }
    return new SourcesAnswer(
        sources,
        json.has("dataServer") && json.requiredBoolean("dataServer"),
        json.requiredLong("headVersion", 0, Long.MAX_VALUE),
        (int) json.optionalLong("retryAfterSeconds", 0, 86_400, 0));
  }
}
