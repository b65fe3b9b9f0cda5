package org.peerbook.registry.allocation.control;

import org.peerbook.registry.nodes.control.RegistryException;

/** A strategy chain naming a strategy that does not exist. */
public class UnknownStrategyException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public UnknownStrategyException(String detail) {
    super(detail);
  }
}
