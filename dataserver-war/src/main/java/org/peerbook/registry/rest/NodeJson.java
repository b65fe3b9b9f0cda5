package org.peerbook.registry.rest;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.registry.nodes.entity.ResourceNode;

/** A resource node as the registry API shows it. */
final class NodeJson {
  private NodeJson() {}

  /** What a requester needs to reach a source. */
  static SourceOffer offer(ResourceNode node) {
    return new SourceOffer(
        node.nodeId(), node.syncAddress().toString(), node.version(), node.origin());
  }

  /** Everything an administrator may want to know. */
  static JsonObject full(ResourceNode node) {
    JsonObjectBuilder json =
        Json.createObjectBuilder(offer(node).toJson())
            .add("networkAddress", node.networkAddress().getHostAddress())
            .add("load", node.load())
            .add("runningHandOuts", node.handedOut())
            .add("registeredAt", node.registeredAt().toString());
    if (!node.leaseExpiry().equals(Instant.MAX)) {
      json.add("leaseExpiry", node.leaseExpiry().toString());
    }
    return json.build();
  }
}
