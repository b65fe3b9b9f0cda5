package org.peerbook.protocol.registry;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StrictObject;

/**
 * A node renews its lease: {@code PUT /api/registry/nodes/{id}/heartbeat}.
 *
 * @param head the signed head of {@code version}, its proof; empty: the claim is capped
 * @param load how many peers the node serves right now
 */
public record HeartbeatRequest(long version, Optional<SignedHead> head, int load) {
  private static final Set<String> MEMBERS = Set.of("version", "head", "load");

  /** The claim of a copy: its head's version and the head as proof, or the empty copy. */
  public static HeartbeatRequest of(Optional<SignedHead> head, int load) {
    return new HeartbeatRequest(head.map(SignedHead::version).orElse(0L), head, load);
  }

  public JsonObject toJson() {
    JsonObjectBuilder json = Json.createObjectBuilder();
    RegisterRequest.VersionClaim.add(json, version, head);
    return json.add("load", load).build();
  }

  /**
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static HeartbeatRequest read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    return new HeartbeatRequest(
        json.requiredLong("version", 0, Long.MAX_VALUE),
        RegisterRequest.VersionClaim.head(json),
        (int) json.requiredLong("load", 0, Integer.MAX_VALUE));
  }
}
