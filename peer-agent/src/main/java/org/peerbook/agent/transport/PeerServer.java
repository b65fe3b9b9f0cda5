package org.peerbook.agent.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncBinding;
import org.peerbook.protocol.serving.SyncReply;
import org.peerbook.protocol.serving.SyncServing;

/**
 * Serves the sync protocol to other peers ({@code POST /api/sync}) over HTTP: the steps themselves
 * are {@link SyncServing}'s, the same as the data server's; this class only bounds what reaches
 * them and sends their {@link SyncReply}.
 *
 * <p>A request costs the agent in this order, each step bounded: a connection (at most {@link
 * ListenerLimits#maxConnections()}, idle and arrival deadlines), its body (read without a thread,
 * at most {@link ListenerLimits#maxRequestBytes()}), then on a worker the token check and only then
 * a serving slot. So neither slow clients nor requests with bad tokens can keep a peer with a good
 * token from being served, and a client whose requests keep failing their token check is turned
 * away before its next body is read ({@link FailuresPerAddress}). It runs on embedded Jetty: see
 * {@link HttpListener} for why.
 */
public final class PeerServer implements AutoCloseable {
  /**
   * Requests that may fail their token check (or be unreadable) from one client address at once,
   * and a second after that, as on the data server by default. Each failed check cost a signature
   * verification, about half a millisecond of CPU with JDK 17's Ed25519, and a forged token costs
   * its sender next to nothing; peers with good tokens never fail one.
   */
  static final int FAILED_CHECKS_BURST = 100;

  static final double FAILED_CHECKS_PER_SECOND = 20;
  private static final Logger LOG = Logger.getLogger(PeerServer.class.getName());

  private final HttpListener listener;
  private final ListenerLimits limits;
  private final SyncServing serving;
  private final FailuresPerAddress failedChecks =
      new FailuresPerAddress(
          FAILED_CHECKS_PER_SECOND, FAILED_CHECKS_BURST, "sync requests", System::nanoTime);

  /**
   * @param tls present: serve over HTTPS with this context
   */
  public PeerServer(
      InetSocketAddress listen,
      ListenerLimits limits,
      Optional<SSLContext> tls,
      SyncServing serving)
      throws IOException {
    this.limits = limits;
    this.serving = serving;
    // token checks run beside the served peers: room for as many again
    this.listener =
        new HttpListener(
            "peer-server", listen, limits, 2 * serving.slots().max() + 2, tls, new Sync());
  }

  public InetSocketAddress address() {
    return listener.address();
  }

  /** How many peers are being served right now. */
  public int load() {
    return serving.slots().inUse();
  }

  /** How many connections are open now. */
  public int connections() {
    return listener.connections();
  }

  public ServingSlots.Served served() {
    return serving.slots().served();
  }

  /** Routes and reads; the answer runs on a worker once the whole body is in. */
  private final class Sync extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!SyncBinding.PATH.equals(Request.getPathInContext(request))) {
        HttpReplies.problem(
            response, callback, 404, "Not found", "peers sync at POST " + SyncBinding.PATH);
        return true;
      }
      if (!"POST".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        HttpReplies.problem(response, callback, 405, "Method not allowed", "POST a sync request");
        return true;
      }
      InetAddress client = client(request);
      long retryAfter = failedChecks.refusal(client);
      if (retryAfter > 0) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
        HttpReplies.problem(
            response,
            callback,
            429,
            "Too many requests",
            "too many requests from "
                + FailuresPerAddress.block(client)
                + " failed their token check: ask again in "
                + retryAfter
                + " s");
        return true;
      }
      long left =
          limits.requestTimeout().toNanos() - (System.nanoTime() - request.getBeginNanoTime());
      BoundedBody.read(request, limits.maxRequestBytes(), left)
          .whenCompleteAsync(
              (body, failure) -> {
                if (failure != null) {
                  refuseBody(response, callback, failure);
                } else {
                  serve(request, client, response, callback, body);
                }
              },
              listener.workers());
      return true;
    }
  }

  private void refuseBody(Response response, Callback callback, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    LOG.fine(() -> "refused a peer's request body: " + cause);
    if (cause instanceof BoundedBody.TooLargeException) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      HttpReplies.problem(response, callback, 413, "Request too large", cause.getMessage());
    } else if (cause instanceof TimeoutException) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      HttpReplies.problem(
          response,
          callback,
          408,
          "Request timeout",
          "the request did not arrive within " + limits.requestTimeout().toMillis() + " ms");
    } else {
      // the connection broke: nobody is left to answer
      callback.failed(cause);
    }
  }

  /** Sends the serving's reply on this worker: a serving slot is held until it is out. */
  private void serve(
      Request request, InetAddress client, Response response, Callback callback, byte[] body) {
    try (SyncReply reply =
        serving.serve(
            new ByteArrayInputStream(body),
            request.getHeaders().get(HttpHeader.AUTHORIZATION),
            request.getHeaders().get(HttpHeader.ACCEPT_ENCODING),
            null)) {
      if (reply.status() != 200) {
        LOG.fine(() -> "refused a peer's sync request with " + reply.status());
      }
      if (isFailedCheck(reply.status())) {
        failedChecks.failed(client);
      }
      response.setStatus(reply.status());
      reply.headers().forEach(response.getHeaders()::put);
      if (reply.contentLength() >= 0) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.contentLength());
      }
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        reply.writeBody(out);
      }
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      // the peer went away or stalled past the idle timeout while the answer streamed
      LOG.fine(() -> "an answer did not reach its peer: " + e);
      callback.failed(e);
    }
  }

  private static InetAddress client(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    // every connection here is TCP
    return ((InetSocketAddress) remote).getAddress();
  }

  /** Whether a reply says its request failed the token check, or could not be read. */
  private static boolean isFailedCheck(int status) {
    return status == 400 || status == 401 || status == 403;
  }

  @Override
  public void close() {
    listener.close();
  }
}
