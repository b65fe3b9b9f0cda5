package org.peerbook.protocol.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StrictObject;

/**
 * A node renews its lease: {@code PUT /api/registry/nodes/{id}/heartbeat}.
 *
 * @param head the signed head of {@code version}, its proof; empty: the claim is capped
 * @param load how many peers the node serves right now
 * @param received sync bytes the node received since its last acknowledged heartbeat
 * @param maxServing the most peers the node serves at once (others get 503), {@link #UNSAID} if it
 *     did not say: the resource manager hands it to no more at once
 */
public record HeartbeatRequest(
    long version, Optional<SignedHead> head, int load, Received received, int maxServing) {
  private static final Set<String> MEMBERS =
      Set.of("version", "head", "load", "received", "maxServing");

  /** {@code maxServing} left out: the resource manager's own bound applies. */
  public static final int UNSAID = 0;

  /** The most a node may say it serves at once. */
  public static final int MAX_SERVING = 10_000;

  /** The most bytes one heartbeat may say it received from one kind of source: 1 TiB. */
  public static final long MAX_RECEIVED_BYTES = 1L << 40;

  /**
   * Sync bytes (as they came over the wire, compressed) a node received from peers and from the
   * data server since its last acknowledged heartbeat. The node's own word, never proven: the
   * resource manager only adds it to its offload figures.
   */
  public record Received(long fromPeers, long fromDataServer) {
    public static final Received NOTHING = new Received(0, 0);
    private static final Set<String> MEMBERS = Set.of("peer", "dataServer");

    public boolean isNothing() {
      return fromPeers == 0 && fromDataServer == 0;
    }

    JsonObject toJson() {
      return JsonBuilders.object().add("peer", fromPeers).add("dataServer", fromDataServer).build();
    }

    static Received read(StrictObject heartbeat) {
      if (!heartbeat.has("received")) {
        return NOTHING;
      }
      StrictObject json =
          StrictObject.of(heartbeat.value("received"), heartbeat.path("received"), MEMBERS);
      return new Received(
          json.requiredLong("peer", 0, MAX_RECEIVED_BYTES),
          json.requiredLong("dataServer", 0, MAX_RECEIVED_BYTES));
    }
  }

  /** The claim of a copy: its head's version and the head as proof, or the empty copy. */
  public static HeartbeatRequest of(Optional<SignedHead> head, int load, Received received) {
    return of(head, load, received, UNSAID);
  }

  /** As {@link #of(Optional, int, Received)}, saying how many peers the node serves at most. */
  public static HeartbeatRequest of(
      Optional<SignedHead> head, int load, Received received, int maxServing) {
    return new HeartbeatRequest(
        head.map(SignedHead::version).orElse(0L), head, load, received, maxServing);
  }

  public JsonObject toJson() {
    JsonObjectBuilder json = JsonBuilders.object();
    RegisterRequest.VersionClaim.add(json, version, head);
    json.add("load", load);
    if (!received.isNothing()) {
      json.add("received", received.toJson());
    }
    if (maxServing != UNSAID) {
      json.add("maxServing", maxServing);
    }
    return json.build();
  }

  /**
   * @throws org.peerbook.protocol.MalformedMessageException naming the member that breaks the rules
   */
  public static HeartbeatRequest read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    return new HeartbeatRequest(
        json.requiredLong("version", 0, Long.MAX_VALUE),
        RegisterRequest.VersionClaim.head(json),
        (int) json.requiredLong("load", 0, Integer.MAX_VALUE),
        Received.read(json),
        (int) json.optionalLong("maxServing", 1, MAX_SERVING, UNSAID));
  }
}
