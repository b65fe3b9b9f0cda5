package org.peerbook.agent.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;

/**
 * Cuts connections that keep a request arriving for longer than the request timeout. The idle
 * timeout alone lets a client that sends one byte just before it expires hold a connection for
 * hours (8 KiB of headers at a byte every 29 s); Jetty has no deadline on the headers of a request.
 * So a sweep looks at every connection: bytes that arrived since its last answer went out mean a
 * request is under way, and a request still receiving bytes past the deadline is cut. A connection
 * that only waits (idle between requests) or only sends (a snapshot streaming to a slow peer) is
 * left to the idle timeout. With TLS the handshake counts as part of the first request.
 *
 * <p>Only public Jetty API: a connection's byte and message counters.
 */
final class RequestDeadline implements Runnable {
  private static final Logger LOG = Logger.getLogger(RequestDeadline.class.getName());
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
    long requestSince = -1;
  }

  RequestDeadline(AbstractConnector connector, Duration deadline) {
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
        seen.requestSince = -1;
      } else if (bytes > seen.bytesAtAnswer) {
        if (seen.requestSince < 0) {
          seen.requestSince = now;
        } else if (bytes > seen.bytesSeen && now - seen.requestSince > deadlineNanos) {
          LOG.fine(() -> "cut a request still arriving after the deadline from " + endPoint);
          endPoint.close();
        }
      }
      seen.bytesSeen = bytes;
    }
    progress.keySet().retainAll(open);
  }
}
