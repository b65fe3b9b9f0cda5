package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.serving.OpenPerKey;

/**
 * Request bodies still arriving, counted per client address (its block, {@link ClientBlocks}). A
 * body that arrives slowly holds no thread, but its connection and the bytes it sent so far: one
 * client opening connection after connection and dripping into each could otherwise fill the
 * server's memory alone.
 */
@ApplicationScoped
public class BodiesInFlight {
  @Inject
  @ConfigProperty(name = "peerbook.limits.bodies-per-address", defaultValue = "64")
  int perAddress;

  private OpenPerKey arriving;

  @PostConstruct
  void check() {
    if (perAddress < 1) {
      throw new IllegalStateException(
          "peerbook.limits.bodies-per-address must be at least 1, not " + perAddress);
    }
    arriving = new OpenPerKey(perAddress);
  }

  /**
   * @return whether {@code block} may send one more body now; if so, {@link #arrived} must follow
   *     once that body is read or given up
   */
  public boolean tryStart(String block) {
    return arriving.tryOpen(block);
  }

  /** Whether this refusal of {@code block} is its first since one of its bodies arrived. */
  public boolean startsRefusing(String block) {
    return arriving.startsRefusing(block);
  }

  /** One body {@link #tryStart} let in is no longer arriving. */
  public void arrived(String block) {
    arriving.close(block);
  }

  /** The allowance per address. */
  public int perAddress() {
    return perAddress;
  }
}
