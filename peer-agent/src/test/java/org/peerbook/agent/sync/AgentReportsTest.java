package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * A real agent against a stand-in resource manager over HTTP that offers it failing sources first:
 * each fault is reported with its reason (the data server's excepted), and the agent moves on to
 * the next source and reaches the head; and whoever sees its new version sees its source.
 */
class AgentReportsTest {
  private static final SyncLimits LIMITS =
      new SyncLimits(20, Duration.ofSeconds(5), 1L << 20, 4L << 20, 2L << 20);

  @TempDir Path home;
  private final TestBook book = new TestBook();
  private final KeyPair tokenKey = StandInRegistry.ed25519();
  private final List<JsonObject> reports = new CopyOnWriteArrayList<>();
  private final AtomicInteger sourceRequests = new AtomicInteger();
  private HttpServer registry;
  private List<Offer> offers;

  private record Offer(String nodeId, URI syncAddress, boolean dataServer) {}

  @BeforeEach
  void book() {
    for (int i = 0; i < 8; i++) {
      book.upsert(TestBook.contact("c" + i, "Name " + i));
    }
  }

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
  }

  @Test
  void reportsEachFailingSourceWithItsFaultAndReachesTheHeadFromTheNext() throws IOException {
    try (var dataServer =
            new TestSource((request, exchange) -> exchange.sendResponseHeaders(503, -1));
        var staller =
            TestSource.answering(request -> new SyncAnswer.Delta(book.head(), List.of(), false));
        var liar = TestSource.answering(request -> new SyncAnswer.Equal(book.headAt(0)));
        var honest =
            TestSource.answering(
                request ->
                    new SyncAnswer.Delta(book.head(), book.entries(request.version(), 8), true))) {
      offers =
          List.of(
              new Offer("data-server", dataServer.syncAddress(), true),
              new Offer("staller", staller.syncAddress(), false),
              new Offer("liar", liar.syncAddress(), false),
              new Offer("honest", honest.syncAddress(), false));
      startRegistry();

      try (var agent = new Agent(settings())) {
        agent.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.store().version() == 8);
      }

      assertThat(dataServer.requests()).isPositive();
      assertThat(reports)
          .extracting(report -> report.getString("nodeId") + " " + report.getString("fault"))
          .containsExactly("staller NO_PROGRESS", "liar NOT_AHEAD");
      assertThat(reports.get(1).getString("reason")).contains("offered at version 8");
      assertThat(staller.requests()).as("one empty page is enough").isEqualTo(1);
    }
  }

  @Test
  void namesTheSourceOfTheVersionItShowsTheMomentItShowsIt() throws IOException {
    try (var honest =
        TestSource.answering(
            request ->
                new SyncAnswer.Delta(book.head(), book.entries(request.version(), 8), true))) {
      offers = List.of(new Offer("honest", honest.syncAddress(), false));
      startRegistry();
      List<JsonObject> seen = new CopyOnWriteArrayList<>();
      Logger syncs = Logger.getLogger(SourceSyncs.class.getName());

      try (var agent = new Agent(settings())) {
        // runs on the sync thread right after the copy committed, before the sync has ended
        Handler probe =
            new Handler() {
              @Override
              public void publish(LogRecord record) {
                if (record.getMessage().startsWith("synced from")) {
                  seen.add(agent.status().asJsonObject());
                }
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            };
        syncs.addHandler(probe);
        try {
          agent.start();
          await().atMost(Duration.ofSeconds(30)).until(() -> agent.store().version() == 8);
        } finally {
          syncs.removeHandler(probe);
        }
      }

      assertThat(seen)
          .isNotEmpty()
          .allSatisfy(
              status -> {
                assertThat(status.getJsonNumber("version").longValue()).isEqualTo(8);
                assertThat(status.getJsonArray("lastSources").getString(0)).isEqualTo("honest");
              });
    }
  }

  private AgentSettings settings() {
    return StandInRegistry.settings(registry, home, book.keys.getPublic(), LIMITS);
  }

  /** Register, heartbeat, sources, reports and deregister, as the resource manager answers. */
  private void startRegistry() throws IOException {
    registry =
        StandInRegistry.serve(
            exchange -> {
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
                  reply(exchange, sources(version));
                } else if (path.endsWith("/reports")) {
                  reports.add(WireJson.parse(exchange.getRequestBody()).asJsonObject());
                  reply(exchange, new SourceReport.Outcome(true, false).toJson());
                } else if (method.equals("DELETE")) {
                  exchange.sendResponseHeaders(204, -1);
                } else {
                  StandInRegistry.reply(exchange, 200, lease());
                }
              }
            });
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

  private String lease() {
    return StandInRegistry.lease(60, book.head().version(), book.keys.getPrivate(), tokenKey);
  }

  private static void reply(HttpExchange exchange, JsonObject json) throws IOException {
    StandInRegistry.reply(exchange, 200, json.toString());
  }
}
