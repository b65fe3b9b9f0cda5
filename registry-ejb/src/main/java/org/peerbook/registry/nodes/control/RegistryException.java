package org.peerbook.registry.nodes.control;

import jakarta.ejb.ApplicationException;

/** A request the resource manager refuses; nothing was changed. */
@ApplicationException(rollback = true, inherited = true)
public abstract class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected RegistryException(String message) {
    super(message);
  }
}
