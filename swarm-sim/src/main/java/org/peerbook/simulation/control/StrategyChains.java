package org.peerbook.simulation.control;

import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.AllocationStrategy;
import org.peerbook.registry.allocation.control.LeastLoadedAllocation;
import org.peerbook.registry.allocation.control.NetworkProximityAllocation;
import org.peerbook.registry.allocation.control.RandomAllocation;
import org.peerbook.registry.allocation.control.ShallowAllocation;
import org.peerbook.registry.allocation.control.UnknownStrategyException;

/**
 * Builds the real strategies into a real {@link AllocationChain} from the same text the resource
 * manager is configured with, as {@code StrategyCatalog} does but without a CDI container: the
 * strategies are plain objects once constructed, and the network strategy gets the site map of the
 * simulated {@link Topology} and the production prefixes ({@code /24}, {@code /64}).
 */
public final class StrategyChains {
  private StrategyChains() {}

  public static AllocationChain parse(String text, Topology topology) {
    return AllocationChain.parse(text, name -> strategy(name, topology));
  }

  private static AllocationStrategy strategy(String name, Topology topology) {
    return switch (name) {
      case "random" -> new RandomAllocation();
      case "least-loaded" -> new LeastLoadedAllocation();
      case "shallow" -> new ShallowAllocation();
      case "network" -> new NetworkProximityAllocation(24, 64, topology.siteMap());
      default -> throw UnknownStrategyException.named(name);
    };
  }
}
