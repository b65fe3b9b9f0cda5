package org.peerbook.limits.boundary;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request body read whole ({@link BodyArrival}), on its way to the dispatch that serves it: taken
 * once, by that dispatch or, if the container lost it, by the async timeout that refuses the
 * request. So a request is never both served and refused.
 */
final class ArrivedBody {
  private final AtomicReference<byte[]> bytes;

  ArrivedBody(byte[] bytes) {
    this.bytes = new AtomicReference<>(bytes);
  }

  /** The body, to the first caller only; {@code null} to any later one. */
  byte[] take() {
    return bytes.getAndSet(null);
  }
}
