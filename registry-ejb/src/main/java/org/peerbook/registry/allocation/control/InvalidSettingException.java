package org.peerbook.registry.allocation.control;

import org.peerbook.registry.nodes.control.RegistryException;

/** An allocation setting an administrator asked for that cannot be: named in the message. */
public class InvalidSettingException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String setting, String detail) {
    super(setting + ": " + detail);
  }
}
