package org.peerbook.agent.transport;

import java.time.Duration;

/**
 * What one client may take of a listener: every read the agent's HTTP listeners do is bounded by
 * these, so that neither a slow nor a flooding client holds a worker thread, a serving slot or
 * memory for long.
 *
 * @param idleTimeout how long a connection may send nothing (between requests or inside one)
 * @param requestTimeout how long one request may take to arrive, from its first byte to the last
 *     byte of its body; a client that trickles it slower is cut off (408 when the body is late).
 *     Also the window in which a client must take {@link #MIN_TAKE_BYTES_PER_SECOND} of an answer
 *     that waits on it
 * @param maxRequestBytes the largest request body accepted (413 beyond)
 * @param maxConnections connections open at once; further ones wait in the accept queue
 */
public record ListenerLimits(
    Duration idleTimeout, Duration requestTimeout, int maxRequestBytes, int maxConnections) {
  /** Request headers beyond this many bytes get 431: no request of ours needs more. */
  public static final int MAX_HEADER_BYTES = 8 * 1024;

  /**
   * The slowest a client may take an answer that waits on it: far below any link a peer syncs over
   * (a 56 kbit/s modem takes 7 KiB/s), far above a byte now and then.
   */
  public static final long MIN_TAKE_BYTES_PER_SECOND = 1024;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /**
   * @throws IllegalArgumentException if a limit is not positive
   */
  public ListenerLimits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be positive, was " + idleTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the request timeout must be positive, was " + requestTimeout);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException(
          "the largest request must be at least 1 byte, was " + maxRequestBytes);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "at least 1 connection must be allowed, was " + maxConnections);
    }
  }

  public static ListenerLimits defaults() {
    return new ListenerLimits(
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_CONNECTIONS);
  }
}
