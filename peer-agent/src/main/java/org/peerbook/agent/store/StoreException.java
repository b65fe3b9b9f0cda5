package org.peerbook.agent.store;

/** The local copy could not be read or changed; a change that failed was rolled back whole. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
