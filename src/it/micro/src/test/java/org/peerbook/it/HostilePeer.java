package org.peerbook.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/** A peer that answers sync requests with whatever the test makes up. */
public final class HostilePeer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  public HostilePeer(String host, Function<SyncRequest, SyncAnswer> answers) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, 0), 8);
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
            byte[] body =
                AnswerJson.toJson(answers.apply(request))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  public String syncAddress() {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + "/api/sync";
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
