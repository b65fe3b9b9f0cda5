package org.peerbook.agent.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/**
 * Serves the sync protocol to other peers ({@code POST /api/sync}), at most {@code maxServing} at
 * once; the others get 503 with Retry-After. Its load is what the agent reports in heartbeats.
 *
 * <p>A request costs the agent in this order, each step bounded: a connection (at most {@link
 * ListenerLimits#maxConnections()}, idle and arrival deadlines), its body (read without a thread,
 * at most {@link ListenerLimits#maxRequestBytes()}), a token check on a worker, and only then a
 * serving slot. So neither slow clients nor requests with bad tokens can keep a peer with a good
 * token from being served. It runs on embedded Jetty: see {@link HttpListener} for why.
 */
public final class PeerServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PeerServer.class.getName());
  private static final String PATH = "/api/sync";

  /**
   * Decides whether a request may be served at all, before it may take a serving slot.
   *
   * <p>Throws {@link InvalidTokenException} for a missing, unreadable, forged or expired token
   * (401), {@link NotEntitledException} for a token that does not entitle the request (403), and
   * {@link IllegalStateException} when tokens cannot be checked yet (503).
   */
  @FunctionalInterface
  public interface Admission {
    /**
     * @param authorization the request's {@code Authorization} header, null if it had none
     */
    void check(SyncRequest request, String authorization);
  }

  /** Answers one admitted sync request; the server only speaks HTTP around it. */
  @FunctionalInterface
  public interface SyncHandler {
    Reply answer(SyncRequest request);
  }

  /** What goes back to the peer: a small answer, or the snapshot file to stream. */
  public sealed interface Reply {
    record Answer(SyncAnswer answer) implements Reply {}

    /** A complete SNAPSHOT answer, gzipped, as written by the agent. */
    record GzippedSnapshot(Path file) implements Reply {}
  }

  private final HttpListener listener;
  private final ListenerLimits limits;
  private final Admission admission;
  private final SyncHandler handler;
  private final Semaphore slots;
  private final int maxServing;
  private final LongAdder served = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final AtomicInteger peak = new AtomicInteger();

  /**
   * @param tls present: serve over HTTPS with this context
   */
  public PeerServer(
      InetSocketAddress listen,
      int maxServing,
      ListenerLimits limits,
      Optional<SSLContext> tls,
      Admission admission,
      SyncHandler handler)
      throws IOException {
    this.maxServing = maxServing;
    this.limits = limits;
    this.admission = admission;
    this.handler = handler;
    this.slots = new Semaphore(maxServing);
    // token checks run beside the served peers: room for as many again
    this.listener =
        new HttpListener("peer-server", listen, limits, 2 * maxServing + 2, tls, new Sync());
  }

  public InetSocketAddress address() {
    return listener.address();
  }

  /** How many peers are being served right now. */
  public int load() {
    return maxServing - slots.availablePermits();
  }

  /** How many connections are open now. */
  public int connections() {
    return listener.connections();
  }

  /**
   * What serving peers cost so far: requests answered, the most at once, and the sum of their
   * durations. The busy time over a period divided by its length is the mean number served at once.
   */
  public record Served(long requests, int peak, double busySeconds) {}

  public Served served() {
    return new Served(served.sum(), peak.get(), busyNanos.sum() / 1e9);
  }

  /** Routes and reads; the answer runs on a worker once the whole body is in. */
  private final class Sync extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!PATH.equals(Request.getPathInContext(request))) {
        HttpReplies.problem(response, callback, 404, "Not found", "peers sync at POST " + PATH);
        return true;
      }
      if (!"POST".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        HttpReplies.problem(response, callback, 405, "Method not allowed", "POST a sync request");
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
                  admit(request, response, callback, body);
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

  private void admit(Request request, Response response, Callback callback, byte[] body) {
    SyncRequest sync;
    try {
      sync = WireJson.readSyncRequest(WireJson.parse(new ByteArrayInputStream(body)));
      admission.check(sync, request.getHeaders().get(HttpHeader.AUTHORIZATION));
    } catch (MalformedMessageException e) {
      LOG.fine(() -> "refused a malformed sync request: " + e.getMessage());
      HttpReplies.problem(response, callback, 400, "Malformed request", e.getMessage());
      return;
    } catch (InvalidTokenException e) {
      LOG.fine(() -> "refused a sync request's token: " + e.getMessage());
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"peerbook\"");
      HttpReplies.problem(response, callback, 401, "Node token required", e.getMessage());
      return;
    } catch (NotEntitledException e) {
      LOG.fine(() -> "refused a sync request's token: " + e.getMessage());
      HttpReplies.problem(response, callback, 403, "Not entitled", e.getMessage());
      return;
    } catch (IllegalStateException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
      HttpReplies.problem(response, callback, 503, "Not ready", e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "failed to check a peer's request", e);
      HttpReplies.problem(
          response, callback, 500, "Internal error", "the agent failed; see its log");
      return;
    }
    if (!slots.tryAcquire()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
      HttpReplies.problem(
          response, callback, 503, "Busy", "serving " + maxServing + " peers already");
      return;
    }
    serve(request, response, releasing(callback), sync);
  }

  /** Gives the slot back once the answer is out (or failed), and counts what serving cost. */
  private Callback releasing(Callback callback) {
    peak.accumulateAndGet(load(), Math::max);
    long started = System.nanoTime();
    Runnable release =
        () -> {
          busyNanos.add(System.nanoTime() - started);
          served.increment();
          slots.release();
        };
    return Callback.from(
        () -> {
          release.run();
          callback.succeeded();
        },
        failure -> {
          release.run();
          callback.failed(failure);
        });
  }

  private void serve(Request request, Response response, Callback callback, SyncRequest sync) {
    boolean gzip = HttpReplies.acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
    try {
      Reply reply = handler.answer(sync);
      if (reply instanceof Reply.GzippedSnapshot snapshot) {
        sendSnapshot(response, callback, snapshot.file(), gzip);
      } else {
        SyncAnswer answer = ((Reply.Answer) reply).answer();
        byte[] json = WireJson.toJson(answer).toString().getBytes(StandardCharsets.UTF_8);
        HttpReplies.send(response, callback, 200, "application/json", json, gzip);
      }
    } catch (NoSuchFileException e) {
      // a newer snapshot replaced the file between choosing and opening it
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      HttpReplies.problem(response, callback, 503, "Busy", "the snapshot is being renewed");
    } catch (IllegalStateException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
      HttpReplies.problem(response, callback, 503, "Not ready", e.getMessage());
    } catch (IOException e) {
      // the peer went away or stalled past the idle timeout while the snapshot streamed
      LOG.fine(() -> "a snapshot did not reach its peer: " + e.getMessage());
      callback.failed(e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "failed to serve a peer", e);
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        HttpReplies.problem(
            response, callback, 500, "Internal error", "the agent failed; see its log");
      }
    }
  }

  /** Streams the file as it is (gzip) or inflated, on this worker: the slot is held meanwhile. */
  private static void sendSnapshot(Response response, Callback callback, Path file, boolean gzip)
      throws IOException {
    try (InputStream gzipped = Files.newInputStream(file)) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      if (gzip) {
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
      }
      try (InputStream json = gzip ? gzipped : new GZIPInputStream(gzipped);
          OutputStream out = Content.Sink.asOutputStream(response)) {
        json.transferTo(out);
      }
    }
    callback.succeeded();
  }

  @Override
  public void close() {
    listener.close();
  }
}
