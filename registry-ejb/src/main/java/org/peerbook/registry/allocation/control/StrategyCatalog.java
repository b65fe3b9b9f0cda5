package org.peerbook.registry.allocation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a configured chain such as {@code network,least-loaded,random} into strategy beans. */
@ApplicationScoped
public class StrategyCatalog {
  @Inject @Any Instance<AllocationStrategy> strategies;

  public AllocationChain chain(String text) {
    if (text == null || text.isBlank()) {
      throw new UnknownStrategyException("a strategy chain needs at least one strategy");
    }
    Set<String> names = new LinkedHashSet<>();
    List<Map.Entry<String, AllocationStrategy>> chain = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim();
      if (!names.add(name)) {
        throw new UnknownStrategyException("strategy " + name + " appears twice in " + text);
      }
      Instance<AllocationStrategy> match = strategies.select(new Strategy.Literal(name));
      if (match.isUnsatisfied()) {
        throw new UnknownStrategyException(
            "unknown strategy '" + name + "'; known: random, least-loaded, network");
      }
      if (match.isAmbiguous()) {
        throw new IllegalStateException("two strategies are named " + name);
      }
      chain.add(Map.entry(name, match.get()));
    }
    return new AllocationChain(chain);
  }
}
