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

  private Proximity proximity;

  public NetworkProximityAllocation() {}

  /** For tests and the simulation: a ready strategy without CDI. */
  public NetworkProximityAllocation(int ipv4Prefix, int ipv6Prefix, SiteMap siteMap) {
    this.proximity = new Proximity(ipv4Prefix, ipv6Prefix, siteMap);
  }

  @PostConstruct
  void readSiteMap() {
    proximity =
        new Proximity(
            ipv4Prefix, ipv6Prefix, SiteMap.parse(sites.orElse(""), neighbours.orElse("")));
  }

  /** What "near" means here; the peer index groups nodes by it. */
  public Proximity proximity() {
    return proximity;
  }

  @Override
  public Comparator<ResourceNode> order(Requester requester, RandomGenerator random) {
    // the requester's side is worked out once, each node's distance once per request
    Optional<String> requesterSite = proximity.siteOf(requester.networkAddress());
    Map<ResourceNode, Integer> distances = new IdentityHashMap<>();
    return Comparator.comparingInt(
        node ->
            distances.computeIfAbsent(
                node,
                n ->
                    proximity.distance(
                        requester.networkAddress(), requesterSite, n.networkAddress())));
  }

  /** 0 same subnet, 1 same site, 2 neighbouring site, 3 elsewhere. */
  int distance(Requester requester, ResourceNode node) {
    return proximity.distance(
        requester.networkAddress(),
        proximity.siteOf(requester.networkAddress()),
        node.networkAddress());
  }
}
