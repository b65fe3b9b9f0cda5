package org.peerbook.registry.allocation.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
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
    return Comparator.comparingInt(node -> distance(requester, node));
  }

  /** 0 same subnet, 1 same site, 2 neighbouring site, 3 elsewhere. */
  int distance(Requester requester, ResourceNode node) {
    var from = requester.networkAddress();
    var to = node.networkAddress();
    int prefix = from.getAddress().length == 4 ? ipv4Prefix : ipv6Prefix;
    if (Cidr.samePrefix(from, to, prefix)) {
      return 0;
    }
    Optional<String> fromSite = siteMap.siteOf(from);
    Optional<String> toSite = siteMap.siteOf(to);
    if (fromSite.isEmpty() || toSite.isEmpty()) {
      return 3;
    }
    if (fromSite.get().equals(toSite.get())) {
      return 1;
    }
    return siteMap.areNeighbours(fromSite.get(), toSite.get()) ? 2 : 3;
  }
}
