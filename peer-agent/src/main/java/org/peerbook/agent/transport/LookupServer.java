package org.peerbook.agent.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The local lookup API for the mail or chat client, on loopback by default: {@code GET
 * /lookup/contacts?q=&email=&phone=&department=&limit=}, {@code GET /lookup/contacts/{id}}, {@code
 * GET /lookup/status}.
 */
public final class LookupServer implements AutoCloseable {

  /** What the lookups answer; JSON in, nothing else. */
  public interface Lookups {
    JsonStructure search(Map<String, String> query);

    /** {@code null} when there is no such contact. */
    JsonStructure contact(String id);

    JsonStructure status();
  }

  private final HttpServer server;

  public LookupServer(InetSocketAddress listen, Lookups lookups) throws IOException {
    server = HttpServer.create(listen, 16);
    server.createContext("/lookup/", exchange -> handle(exchange, lookups));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void handle(HttpExchange exchange, Lookups lookups) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        PeerServer.problem(exchange, 405, "Method not allowed", "lookups are GET only");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        JsonStructure answer;
        if (path.equals("/lookup/status")) {
          answer = lookups.status();
        } else if (path.equals("/lookup/contacts")) {
          answer = lookups.search(query(exchange.getRequestURI().getRawQuery()));
        } else if (path.startsWith("/lookup/contacts/")) {
          answer = lookups.contact(path.substring("/lookup/contacts/".length()));
          if (answer == null) {
            PeerServer.problem(
                exchange, 404, "Unknown contact", "no contact " + path.substring(17));
            return;
          }
        } else {
          PeerServer.problem(exchange, 404, "Not found", path);
          return;
        }
        PeerServer.send(
            exchange,
            200,
            "application/json",
            answer.toString().getBytes(StandardCharsets.UTF_8),
            false);
      } catch (IllegalArgumentException e) {
        PeerServer.problem(exchange, 400, "Bad lookup", e.getMessage());
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
