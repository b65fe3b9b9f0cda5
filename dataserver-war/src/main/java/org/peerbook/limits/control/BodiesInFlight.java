package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies still arriving, counted per client address (its block, {@link ClientBlocks}). A
 * body that arrives slowly holds no thread, but its connection and the bytes it sent so far: one
 * client opening connection after connection and dripping into each could otherwise fill the
 * server's memory or file handles alone. Only addresses with a body in flight are remembered.
 */
@ApplicationScoped
public class BodiesInFlight {
  @Inject
  @ConfigProperty(name = "peerbook.limits.bodies-per-address", defaultValue = "64")
  int perAddress;

  private final Map<String, Integer> arriving = new HashMap<>();

  /** Blocks refused since their last body arrived: a flood is logged once, not per request. */
  private final Set<String> refusing = new HashSet<>();

  /** For the container, which sets the allowance from the configuration. */
  public BodiesInFlight() {}

  /** At most {@code perAddress} bodies arriving at once from one address. */
  public BodiesInFlight(int perAddress) {
    this.perAddress = perAddress;
    check();
  }

  @PostConstruct
  void check() {
    if (perAddress < 1) {
      throw new IllegalStateException(
          "peerbook.limits.bodies-per-address must be at least 1, not " + perAddress);
    }
  }

  /**
   * @return whether {@code block} may send one more body now; if so, {@link #arrived} must follow
   *     once that body is read or given up
   */
  public synchronized boolean tryStart(String block) {
    int now = arriving.getOrDefault(block, 0);
    if (now >= perAddress) {
      return false;
    }
    arriving.put(block, now + 1);
    return true;
  }

  /** Whether this refusal of {@code block} is its first since one of its bodies arrived. */
  public synchronized boolean startsRefusing(String block) {
    return arriving.containsKey(block) && refusing.add(block);
  }

  /** One body {@link #tryStart} let in is no longer arriving. */
  public synchronized void arrived(String block) {
    arriving.computeIfPresent(block, (key, count) -> count == 1 ? null : count - 1);
    refusing.remove(block);
  }

  /** Bodies arriving from {@code block} now. */
  public synchronized int arriving(String block) {
    return arriving.getOrDefault(block, 0);
  }

  /** The allowance per address. */
  public int perAddress() {
    return perAddress;
  }
}
