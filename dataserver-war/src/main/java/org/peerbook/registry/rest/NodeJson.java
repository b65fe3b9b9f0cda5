package org.peerbook.registry.rest;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.nodes.entity.ResourceNode;

/** A resource node as the registry API shows it. */
final class NodeJson {
  private NodeJson() {}

  /** What a requester needs to reach a source. */
  static SourceOffer offer(ResourceNode node) {
    return new SourceOffer(
        node.nodeId(), node.syncAddress().toString(), node.version(), node.origin());
  }

  /**
   * {@code listed} with what a member knows of the node's recent past: the sources it was handed
   * and has not reported, the reports it filed, the reports counted against it.
   */
  static JsonObject withStanding(JsonObject listed, SourceReports.Standing standing) {
    JsonArrayBuilder sources = JsonBuilders.array();
    standing
        .recentSources()
        .forEach(
            (source, at) ->
                sources.add(
                    JsonBuilders.object().add("nodeId", source).add("handedAt", at.toString())));
    JsonArrayBuilder filed = JsonBuilders.array();
    standing
        .filed()
        .forEach(
            report ->
                filed.add(
                    JsonBuilders.object()
                        .add("nodeId", report.source())
                        .add("fault", report.fault())
                        .add("counted", report.counted())
                        .add("at", report.at().toString())));
    JsonObjectBuilder reports =
        JsonBuilders.object().add("demotions", 0).add("reporters", 0).add("witnesses", 0);
    standing
        .reports()
        .ifPresent(
            known -> {
              reports
                  .add("demotions", known.demotions())
                  .add("reporters", known.distinctReporters())
                  .add("witnesses", known.witnesses());
              known
                  .demotedUntil()
                  .ifPresent(until -> reports.add("demotedUntil", until.toString()));
            });
    return JsonBuilders.object(listed)
        .add("recentSources", sources)
        .add("reports", reports)
        .add("reportsFiled", filed)
        .build();
  }

  /** Everything an administrator may want to know. */
  static JsonObject full(ResourceNode node) {
    JsonObjectBuilder json =
        JsonBuilders.object(offer(node).toJson())
            .add("networkAddress", node.networkAddress().getHostAddress())
            .add("load", node.load())
            .add("runningHandOuts", node.handedOut())
            .add("hops", node.hops())
            .add("registeredAt", node.registeredAt().toString());
    if (node.capacity() != ResourceNode.UNSAID) {
      json.add("maxServing", node.capacity());
    }
    if (!node.leaseExpiry().equals(Instant.MAX)) {
      json.add("leaseExpiry", node.leaseExpiry().toString());
    }
    return json.build();
  }
}
