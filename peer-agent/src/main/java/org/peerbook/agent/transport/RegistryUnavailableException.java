package org.peerbook.agent.transport;

/** The resource manager could not be reached, or refused; {@link #status()} 0 when unreachable. */
public class RegistryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RegistryUnavailableException(String message, int status) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
