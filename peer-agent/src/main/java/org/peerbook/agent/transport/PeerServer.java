package org.peerbook.agent.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/**
 * Serves the sync protocol to other peers ({@code POST /api/sync}), at most {@code maxServing} at
 * once; the others get 503 with Retry-After. Its load is what the agent reports in heartbeats.
 */
public final class PeerServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PeerServer.class.getName());
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  /** Answers one sync request; the server only speaks HTTP around it. */
  public interface SyncHandler {
    /**
     * @param authorization the request's {@code Authorization} header, null if it had none
     * @throws InvalidTokenException if the request's node token does not entitle it
     */
    Reply answer(SyncRequest request, String authorization);
  }

  /** What goes back to the peer: a small answer, or the snapshot file to stream. */
  public sealed interface Reply {
    record Answer(SyncAnswer answer) implements Reply {}

    /** A complete SNAPSHOT answer, gzipped, as written by the agent. */
    record GzippedSnapshot(Path file) implements Reply {}
  }

  private final HttpServer server;
  private final Semaphore slots;
  private final int maxServing;
  private final LongAdder served = new LongAdder();
  private final LongAdder busyNanos = new LongAdder();
  private final AtomicInteger peak = new AtomicInteger();

  /**
   * @param tls present: serve over HTTPS with this context
   */
  public PeerServer(
      InetSocketAddress listen, int maxServing, Optional<SSLContext> tls, SyncHandler handler)
      throws IOException {
    this.maxServing = maxServing;
    this.slots = new Semaphore(maxServing);
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(listen, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      this.server = https;
    } else {
      this.server = HttpServer.create(listen, 64);
    }
    server.createContext("/api/sync", exchange -> handle(exchange, handler));
    server.setExecutor(Executors.newFixedThreadPool(maxServing + 2));
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** How many peers are being served right now. */
  public int load() {
    return maxServing - slots.availablePermits();
  }

  /**
   * What serving peers cost so far: requests answered, the most at once, and the sum of their
   * durations. The busy time over a period divided by its length is the mean number served at once.
   */
  public record Served(long requests, int peak, double busySeconds) {}

  public Served served() {
    return new Served(served.sum(), peak.get(), busyNanos.sum() / 1e9);
  }

  private void handle(HttpExchange exchange, SyncHandler handler) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        problem(exchange, 405, "Method not allowed", "POST a sync request");
        return;
      }
      if (!slots.tryAcquire()) {
        exchange.getResponseHeaders().add("Retry-After", "2");
        problem(exchange, 503, "Busy", "serving " + maxServing + " peers already");
        return;
      }
      peak.accumulateAndGet(load(), Math::max);
      long started = System.nanoTime();
      try {
        SyncRequest request =
            WireJson.readSyncRequest(WireJson.parse(limited(exchange.getRequestBody())));
        Reply reply =
            handler.answer(request, exchange.getRequestHeaders().getFirst("Authorization"));
        if (reply instanceof Reply.GzippedSnapshot snapshot) {
          sendSnapshot(exchange, snapshot.file(), acceptsGzip(exchange));
        } else {
          SyncAnswer answer = ((Reply.Answer) reply).answer();
          byte[] json = WireJson.toJson(answer).toString().getBytes(StandardCharsets.UTF_8);
          send(exchange, 200, "application/json", json, acceptsGzip(exchange));
        }
      } catch (NoSuchFileException e) {
        // a newer snapshot replaced the file between choosing and opening it
        exchange.getResponseHeaders().add("Retry-After", "1");
        problem(exchange, 503, "Busy", "the snapshot is being renewed");
      } catch (MalformedMessageException e) {
        problem(exchange, 400, "Malformed request", e.getMessage());
      } catch (InvalidTokenException e) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"peerbook\"");
        problem(exchange, 401, "Node token required", e.getMessage());
      } catch (IllegalStateException e) {
        problem(exchange, 503, "Not ready", e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "failed to serve a peer", e);
        problem(exchange, 500, "Internal error", "the agent failed; see its log");
      } finally {
        busyNanos.add(System.nanoTime() - started);
        served.increment();
        slots.release();
      }
    }
  }

  private static InputStream limited(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
    if (bytes.length > MAX_REQUEST_BYTES) {
      throw new MalformedMessageException(
          null, "the request is larger than " + MAX_REQUEST_BYTES + " bytes");
    }
    return new java.io.ByteArrayInputStream(bytes);
  }

  private static boolean acceptsGzip(HttpExchange exchange) {
    String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    return accepted != null && accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip");
  }

  static void problem(HttpExchange exchange, int status, String title, String detail)
      throws IOException {
    byte[] body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail == null ? title : detail)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    send(exchange, status, "application/problem+json", body, false);
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body, boolean gzip)
      throws IOException {
    byte[] payload = body;
    if (gzip && body.length > 1024) {
      var buffer = new ByteArrayOutputStream(body.length / 4);
      try (var out = new GZIPOutputStream(buffer)) {
        out.write(body);
      }
      payload = buffer.toByteArray();
      exchange.getResponseHeaders().add("Content-Encoding", "gzip");
    }
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, payload.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(payload);
    }
  }

  private static void sendSnapshot(HttpExchange exchange, Path file, boolean gzip)
      throws IOException {
    try (InputStream gzipped = Files.newInputStream(file)) {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (gzip) {
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
          gzipped.transferTo(out);
        }
      } else {
        exchange.sendResponseHeaders(200, 0);
        try (InputStream json = new GZIPInputStream(gzipped);
            OutputStream out = exchange.getResponseBody()) {
          json.transferTo(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
