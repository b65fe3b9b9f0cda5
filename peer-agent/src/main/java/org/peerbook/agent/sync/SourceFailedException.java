package org.peerbook.agent.sync;

import org.peerbook.protocol.SourceFault;

/**
 * A source that did not deliver what it was asked for: it could not be reached, refused, stalled,
 * made no progress or sent more than any honest answer needs. {@link #fault()} is what the
 * requester reports to the resource manager before it moves on to the next source.
 */
public class SourceFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SourceFault fault;

  public SourceFailedException(SourceFault fault, String message) {
    super(message);
    this.fault = fault;
  }

  public SourceFault fault() {
    return fault;
  }
}
