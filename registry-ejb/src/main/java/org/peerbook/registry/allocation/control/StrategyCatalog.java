package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Optional;

/** Turns a configured chain such as {@code network,least-loaded,random} into strategy beans. */
@ApplicationScoped
public class StrategyCatalog {
  @Inject @Any Instance<AllocationStrategy> strategies;

  public AllocationChain chain(String text) {
    return AllocationChain.parse(text, this::strategyNamed);
  }

  // looked up on first use, not for every row of a node listing
  private volatile NetworkProximityAllocation network;

  /** The site the network strategy's site map puts {@code address} in, if one does. */
  public Optional<String> siteOf(InetAddress address) {
    NetworkProximityAllocation known = network;
    if (known == null) {
      known = (NetworkProximityAllocation) strategyNamed("network");
      network = known;
    }
    return known.proximity().siteOf(address);
  }

  private AllocationStrategy strategyNamed(String name) {
    Instance<AllocationStrategy> match = strategies.select(new Strategy.Literal(name));
    if (match.isUnsatisfied()) {
      throw UnknownStrategyException.named(name);
    }
    if (match.isAmbiguous()) {
      throw new IllegalStateException("two strategies are named " + name);
    }
    return match.get();
  }
}
