package org.peerbook.protocol.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StrictObject;

/**
 * A requester reports a source that did not deliver what it was offered for: {@code POST
 * /api/registry/nodes/{id}/reports}.
 *
 * @param nodeId the reported source
 * @param reason what happened, in words (at most {@link #MAX_REASON} characters)
 */
public record SourceReport(String nodeId, SourceFault fault, String reason) {
  public static final int MAX_REASON = 1000;

  private static final Set<String> MEMBERS = Set.of("nodeId", "fault", "reason");

  /** A report whose reason is cut to what the registry takes. */
  public static SourceReport of(String nodeId, SourceFault fault, String reason) {
    return new SourceReport(
        nodeId, fault, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
  }

  public JsonObject toJson() {
    return JsonBuilders.object()
        .add("nodeId", nodeId)
        .add("fault", fault.name())
        .add("reason", reason)
        .build();
  }

  /**
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static SourceReport read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    return new SourceReport(
        json.requiredText("nodeId", 128),
        SourceFault.named(json.optionalText("fault", 32)),
        json.requiredText("reason", MAX_REASON));
  }

  /** The answer: whether the report counted, and whether it evicted the source. */
  public record Outcome(boolean accepted, boolean evicted) {
    public JsonObject toJson() {
      return JsonBuilders.object().add("accepted", accepted).add("evicted", evicted).build();
    }

    public static Outcome read(JsonValue value) {
      StrictObject json = StrictObject.of(value, "", Set.of("accepted", "evicted"));
      return new Outcome(json.requiredBoolean("accepted"), json.requiredBoolean("evicted"));
    }
  }
}
