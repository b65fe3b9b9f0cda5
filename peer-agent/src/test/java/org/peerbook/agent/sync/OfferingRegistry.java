package org.peerbook.agent.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * A stand-in resource manager over HTTP that offers an agent behind the book's head the same
 * sources, in the same order, every time it asks, and keeps the reports it gets.
 */
final class OfferingRegistry implements AutoCloseable {
  /** One source offered: the data server or a peer. */
  record Offer(String nodeId, URI syncAddress, boolean dataServer) {}

  private final TestBook book;
  private final KeyPair tokenKey = StandInRegistry.ed25519();
  private final List<Offer> offers;
  private final List<JsonObject> reports = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  OfferingRegistry(TestBook book, List<Offer> offers) throws IOException {
    this.book = book;
    this.offers = List.copyOf(offers);
    this.server = StandInRegistry.serve(this::answer);
  }

  /** The reports the agent sent, in order. */
  List<JsonObject> reports() {
    return reports;
  }

  /** The settings of an agent that knows this resource manager. */
  AgentSettings settings(Path home, SyncLimits limits) {
    return StandInRegistry.settings(server, home, book.keys.getPublic(), limits);
  }

  /** Register, heartbeat, sources, reports and deregister, as the resource manager answers. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.endsWith("/sources")) {
        // version=<v>, and wait=<s> which this stand-in never needs to hold for
        long version =
            java.util.Arrays.stream(exchange.getRequestURI().getQuery().split("&"))
                .filter(parameter -> parameter.startsWith("version="))
                .mapToLong(parameter -> Long.parseLong(parameter.substring(8)))
                .findFirst()
                .orElseThrow();
        StandInRegistry.reply(exchange, 200, sources(version).toString());
      } else if (path.endsWith("/reports")) {
        reports.add(WireJson.parse(exchange.getRequestBody()).asJsonObject());
        StandInRegistry.reply(
            exchange, 200, new SourceReport.Outcome(true, false).toJson().toString());
      } else if (method.equals("DELETE")) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        StandInRegistry.reply(
            exchange,
            200,
            StandInRegistry.lease(60, book.head().version(), book.keys.getPrivate(), tokenKey));
      }
    }
  }

  private JsonObject sources(long version) {
    List<SourceOffer> sources = new ArrayList<>();
    if (version < book.head().version()) {
      for (Offer offer : offers) {
        sources.add(
            new SourceOffer(
                offer.nodeId(),
                offer.syncAddress().toString(),
                book.head().version(),
                offer.dataServer()));
      }
    }
    return new SourcesAnswer(sources, false, book.head().version(), 0).toJson();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
