package org.peerbook.agent.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;

/**
 * Cuts connections of clients too slow to send a request or to take an answer.
 *
 * <p>A request still arriving after the request timeout is cut. The idle timeout alone lets a
 * client that sends one byte just before it expires hold a connection for hours (8 KiB of headers
 * at a byte every 29 s); Jetty has no deadline on the headers of a request. So a sweep looks at
 * every connection: bytes that arrived since its last answer went out mean a request is under way,
 * and a request still receiving bytes past the deadline is cut. A connection that only waits (idle
 * between requests) is left to the idle timeout. With TLS the handshake counts as part of the first
 * request.
 *
 * <p>An answer the client takes slower than {@link ListenerLimits#MIN_TAKE_BYTES_PER_SECOND} is cut
 * too. The idle timeout alone lets a peer that reads a byte now and then hold a serving slot and a
 * worker for as long as it likes while a snapshot streams to it (a slow-read attack): so while a
 * write waits for the client to take bytes, each request timeout's worth of waiting must move at
 * least that rate's worth of bytes. A client that reads at all keeps its connection; so does an
 * agent that pauses between writes (the write does not wait then).
 *
 * <p>Only public Jetty API: a connection's byte and message counters, its pending write.
 */
final class SlowClientSweep implements Runnable {
  private static final Logger LOG = Logger.getLogger(SlowClientSweep.class.getName());
  // System.nanoTime may be any long, negative too, but not this one in practice
  private static final long NEVER = Long.MIN_VALUE;
  private final AbstractConnector connector;
  private final long deadlineNanos;
  private final long sweepNanos;

  /** Touched only by the sweep, which never runs twice at once. */
  private final Map<EndPoint, Progress> progress = new HashMap<>();

  /** Where a connection stood at the last sweep. */
  private static final class Progress {
    long answered;
    long bytesAtAnswer;
    long bytesSeen;
    long requestSince = NEVER;
    long waitingSince = NEVER;
    long bytesOutAtWait;
  }

  SlowClientSweep(AbstractConnector connector, Duration deadline) {
    this.connector = connector;
    this.deadlineNanos = deadline.toNanos();
    this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20), deadlineNanos / 4);
  }

  /** Sweeps until the connector stops. */
  void start() {
    schedule();
  }

  private void schedule() {
    if (connector.isRunning()) {
      connector.getScheduler().schedule(this, sweepNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } finally {
      schedule();
    }
  }

  private void sweep(long now) {
    Set<EndPoint> open = new HashSet<>();
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      Connection outer = endPoint.getConnection();
      if (outer == null) {
        continue;
      }
      open.add(endPoint);
      Connection http = outer;
      if (outer instanceof SslConnection tls && tls.getSslEndPoint().getConnection() != null) {
        http = tls.getSslEndPoint().getConnection();
      }
      // with TLS the outer bytes: a handshake trickled a byte at a time counts too
      long bytes = outer.getBytesIn();
      long answered = http.getMessagesOut();
      Progress seen = progress.computeIfAbsent(endPoint, e -> new Progress());
      if (answered != seen.answered) {
        seen.answered = answered;
        seen.bytesAtAnswer = bytes;
        seen.requestSince = NEVER;
      } else if (bytes > seen.bytesAtAnswer) {
        if (seen.requestSince == NEVER) {
          seen.requestSince = now;
        } else if (bytes > seen.bytesSeen && now - seen.requestSince > deadlineNanos) {
          LOG.fine(() -> "cut a request still arriving after the deadline from " + endPoint);
          endPoint.close();
        }
      }
      seen.bytesSeen = bytes;
      if (takesTooSlowly(endPoint, outer.getBytesOut(), seen, now)) {
        LOG.fine(() -> "cut an answer its client takes too slowly: " + endPoint);
        abort(endPoint);
      }
    }
    progress.keySet().retainAll(open);
  }

  /**
   * Closes with a reset: a graceful close would leave the answer's unsent bytes (megabytes) in the
   * kernel, still trickling to the client that could not take them.
   */
  private static void abort(EndPoint endPoint) {
    if (endPoint instanceof SocketChannelEndPoint socket) {
      try {
        socket.getChannel().setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException | RuntimeException closedAlready) {
        // closing below is all that is left to do
      }
    }
    endPoint.close();
  }

  /** Whether a write has waited on the client a whole window that moved too few bytes. */
  private boolean takesTooSlowly(EndPoint endPoint, long bytesOut, Progress seen, long now) {
    boolean waiting =
        endPoint instanceof AbstractEndPoint network && network.getWriteFlusher().isPending();
    if (!waiting) {
      seen.waitingSince = NEVER;
      return false;
    }
    if (seen.waitingSince == NEVER) {
      seen.waitingSince = now;
      seen.bytesOutAtWait = bytesOut;
      return false;
    }
    long waited = now - seen.waitingSince;
    if (waited <= deadlineNanos) {
      return false;
    }
    long moved = bytesOut - seen.bytesOutAtWait;
    if (moved * 1_000_000_000L < ListenerLimits.MIN_TAKE_BYTES_PER_SECOND * waited) {
      return true;
    }
    // a new window: a client that took its answer fast must keep taking it
    seen.waitingSince = now;
    seen.bytesOutAtWait = bytesOut;
    return false;
  }
}
