package org.peerbook.registry.allocation.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.peerbook.registry.nodes.entity.ResourceNode;

/** Test fixtures: nodes and requesters. */
final class Nodes {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private Nodes() {}

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A node serving {@code load} sessions, each handed out by the registry. */
  static ResourceNode node(String id, String ip, long version, int load) {
    return new ResourceNode(
        id,
        URI.create("http://" + ip.replace(":", "-") + ":7000/sync"),
        ip(ip),
        version,
        load,
        load,
        NOW.plusSeconds(60),
        false,
        NOW,
        0);
  }

  /** The ids of every node the scan hands a requester at 10.0.0.9 and version 1, in order. */
  static List<String> handedOut(AllocationChain chain, List<ResourceNode> nodes) {
    return SourceSelection.peers(
            requester("10.0.0.9", 1), nodes, chain, nodes.size(), NOW, new SplittableRandom(1))
        .stream()
        .map(ResourceNode::nodeId)
        .toList();
  }

  static Requester requester(String ip, long version) {
    return new Requester("requester", ip(ip), version);
  }

  static AllocationChain chain(Object... namesAndStrategies) {
    var entries = new java.util.ArrayList<Map.Entry<String, AllocationStrategy>>();
    for (int i = 0; i < namesAndStrategies.length; i += 2) {
      entries.add(
          Map.entry(
              (String) namesAndStrategies[i], (AllocationStrategy) namesAndStrategies[i + 1]));
    }
    return new AllocationChain(List.copyOf(entries));
  }
}
