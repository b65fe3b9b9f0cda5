package org.peerbook.agent.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/**
 * A sync source over real HTTP (the JDK server on a loopback port) that answers as a test tells it:
 * honestly, or as a staller, a dripper, a bomber or a liar would.
 */
final class TestSource implements AutoCloseable {
  /** Writes the whole reply to one sync request. */
  interface Responder {
    void respond(SyncRequest request, HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();

  TestSource(Responder responder) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/sync",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            SyncRequest request =
                WireJson.readSyncRequest(WireJson.parse(exchange.getRequestBody()));
            responder.respond(request, exchange);
          } catch (IOException e) {
            // the agent hung up on us: that is what a test of a hostile source expects
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  /** Answers each request with what {@code answers} makes of it. */
  static TestSource answering(Function<SyncRequest, SyncAnswer> answers) {
    return new TestSource(
        (request, exchange) ->
            send(exchange, AnswerJson.toJson(answers.apply(request)).toString()));
  }

  static void send(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends nothing for {@code millis}: how a slow or stalling source behaves. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI syncAddress() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/sync");
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
