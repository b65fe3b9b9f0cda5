package org.peerbook.agent.transport;

/** A source that did not answer, or answered with an error: try the next one. */
public class SourceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message) {
    super(message);
  }
}
