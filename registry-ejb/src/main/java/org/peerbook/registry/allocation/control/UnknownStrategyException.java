package org.peerbook.registry.allocation.control;

import org.peerbook.registry.nodes.control.RegistryException;

/** A strategy chain naming a strategy that does not exist. */
public class UnknownStrategyException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Every strategy a chain may name, in the order the settings list them. */
  public static final String KNOWN = "network, least-loaded, shallow, random";

  public UnknownStrategyException(String detail) {
    super(detail);
  }

  /** {@code name} is none of {@link #KNOWN}. */
  public static UnknownStrategyException named(String name) {
    return new UnknownStrategyException("unknown strategy '" + name + "'; known: " + KNOWN);
  }
}
