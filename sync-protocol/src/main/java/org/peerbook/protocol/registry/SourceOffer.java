package org.peerbook.protocol.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.StrictObject;

/**
 * A source as the resource manager lists it: an item of a sources answer, and the answer to a peer
 * look-up ({@code GET /api/registry/nodes/{id}/peers/{otherId}}).
 *
 * @param syncAddress the absolute URL of its sync API
 * @param version the version the registry counts it at
 * @param dataServer whether it is the data server itself
 */
public record SourceOffer(String nodeId, String syncAddress, long version, boolean dataServer) {
  private static final Set<String> MEMBERS =
      Set.of("nodeId", "syncAddress", "version", "dataServer");

  public JsonObject toJson() {
    return JsonBuilders.object()
        .add("nodeId", nodeId)
        .add("syncAddress", syncAddress)
        .add("version", version)
        .add("dataServer", dataServer)
        .build();
  }

  /**
   * @param path where it sits in the message, for the refusal
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static SourceOffer read(JsonValue value, String path) {
    StrictObject json = StrictObject.of(value, path, MEMBERS);
    String address = json.requiredText("syncAddress", 2048);
    try {
      if (!new URI(address).isAbsolute()) {
        throw new MalformedMessageException(json.path("syncAddress"), "not an absolute URL");
      }
    } catch (URISyntaxException e) {
      throw new MalformedMessageException(json.path("syncAddress"), "not a URL: " + e.getMessage());
    }
    return new SourceOffer(
        json.requiredText("nodeId", 128),
        address,
        json.requiredLong("version", 0, Long.MAX_VALUE),
        json.requiredBoolean("dataServer"));
  }
}
