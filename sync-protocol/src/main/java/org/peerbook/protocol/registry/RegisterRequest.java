package org.peerbook.protocol.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;

/**
 * A node asks for a lease (flow B): {@code POST /api/registry/nodes}.
 *
 * @param head the signed head of {@code version}, its proof; empty: the claim is capped
 * @param credential the enrollment credential, if the node has one
 */
public record RegisterRequest(
    String nodeId,
    String syncAddress,
    String networkAddress,
    long version,
    Optional<SignedHead> head,
    Optional<String> credential) {
  private static final Set<String> MEMBERS =
      Set.of("nodeId", "syncAddress", "networkAddress", "version", "head", "credential");

  /** The claim of a copy: its head's version and the head as proof, or the empty copy. */
  public static RegisterRequest of(
      String nodeId,
      String syncAddress,
      String networkAddress,
      Optional<SignedHead> head,
      Optional<String> credential) {
    return new RegisterRequest(
        nodeId,
        syncAddress,
        networkAddress,
        head.map(SignedHead::version).orElse(0L),
        head,
        credential);
  }

  public JsonObject toJson() {
    JsonObjectBuilder json =
        JsonBuilders.object()
            .add("nodeId", nodeId)
            .add("syncAddress", syncAddress)
            .add("networkAddress", networkAddress);
    VersionClaim.add(json, version, head);
    // a blank credential would be a malformed request: without one the registry answers 401
    credential.filter(text -> !text.isBlank()).ifPresent(text -> json.add("credential", text));
    return json.build();
  }

  /**
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static RegisterRequest read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    return new RegisterRequest(
        json.requiredText("nodeId", 128),
        json.requiredText("syncAddress", 2048),
        json.requiredText("networkAddress", 64),
        json.requiredLong("version", 0, Long.MAX_VALUE),
        VersionClaim.head(json),
        Optional.ofNullable(json.optionalText("credential", 512)));
  }

  /** Only the id and the credential: what the enrollment check needs before anything else. */
  public static Enrolling enrolling(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    return new Enrolling(
        json.requiredText("nodeId", 128),
        Optional.ofNullable(json.optionalText("credential", 512)));
  }

  /** The part of a registration that says who enrolls, read before the rest. */
  public record Enrolling(String nodeId, Optional<String> credential) {}

  /** The version claim and its proof, as registration and heartbeat both carry them. */
  static final class VersionClaim {
    private VersionClaim() {}

    static void add(JsonObjectBuilder json, long version, Optional<SignedHead> head) {
      json.add("version", version);
      head.ifPresent(signed -> json.add("head", WireJson.toJson(signed)));
    }

    static Optional<SignedHead> head(StrictObject json) {
      return json.has("head")
          ? Optional.of(WireJson.readHead(json.value("head"), "head"))
          : Optional.empty();
    }
  }
}
