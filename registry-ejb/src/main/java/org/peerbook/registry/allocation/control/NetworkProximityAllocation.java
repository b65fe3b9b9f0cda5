package org.peerbook.registry.allocation.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Nearest first: same subnet (configurable prefix for IPv4 and IPv6), then same site, then a
 * neighbouring site from the site map, then everyone else.
 */
@ApplicationScoped
@Strategy("network")
public class NetworkProximityAllocation implements AllocationStrategy {
  @Inject
  @ConfigProperty(name = "peerbook.allocation.network.ipv4-prefix", defaultValue = "24")
  int ipv4Prefix;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.network.ipv6-prefix", defaultValue = "64")
  int ipv6Prefix;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.network.sites")
  Optional<String> sites;

  @Inject
  @ConfigProperty(name = "peerbook.allocation.network.neighbours")
  Optional<String> neighbours;

  private SiteMap siteMap;

  public NetworkProximityAllocation() {}

  /** For tests and the simulation: a ready strategy without CDI. */
  public NetworkProximityAllocation(int ipv4Prefix, int ipv6Prefix, SiteMap siteMap) {
    this.ipv4Prefix = ipv4Prefix;
    this.ipv6Prefix = ipv6Prefix;
    this.siteMap = siteMap;
  }

  @PostConstruct
  void readSiteMap() {
    siteMap = SiteMap.parse(sites.orElse(""), neighbours.orElse(""));
  }

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    // the requester's side is worked out once, each node's distance once per request
    Optional<String> requesterSite = siteMap.siteOf(requester.networkAddress());
    Map<ResourceNode, Integer> distances = new IdentityHashMap<>();
    return Comparator.comparingInt(
        node -> distances.computeIfAbsent(node, n -> distance(requester, requesterSite, n)));
  }

  /** 0 same subnet, 1 same site, 2 neighbouring site, 3 elsewhere. */
  int distance(Requester requester, ResourceNode node) {
    return distance(requester, siteMap.siteOf(requester.networkAddress()), node);
  }

  private int distance(Requester requester, Optional<String> fromSite, ResourceNode node) {
    var from = requester.networkAddress();
    var to = node.networkAddress();
    int prefix = from instanceof java.net.Inet4Address ? ipv4Prefix : ipv6Prefix;
    if (Cidr.samePrefix(from, to, prefix)) {
      return 0;
    }
    if (fromSite.isEmpty()) {
      return 3;
    }
    Optional<String> toSite = siteMap.siteOf(to);
    if (toSite.isEmpty()) {
      return 3;
    }
    if (fromSite.get().equals(toSite.get())) {
      return 1;
    }
    return siteMap.areNeighbours(fromSite.get(), toSite.get()) ? 2 : 3;
  }
}
