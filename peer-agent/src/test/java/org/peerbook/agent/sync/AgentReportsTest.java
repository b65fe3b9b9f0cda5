package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.OfferingRegistry.Offer;
import org.peerbook.protocol.SyncAnswer;

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

  @BeforeEach
  void book() {
    for (int i = 0; i < 8; i++) {
      book.upsert(TestBook.contact("c" + i, "Name " + i));
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
      var registry =
          new OfferingRegistry(
              book,
              List.of(
                  new Offer("data-server", dataServer.syncAddress(), true),
                  new Offer("staller", staller.syncAddress(), false),
                  new Offer("liar", liar.syncAddress(), false),
                  new Offer("honest", honest.syncAddress(), false)));

      try (registry;
          var agent = new Agent(registry.settings(home, LIMITS))) {
        agent.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.store().version() == 8);
      }

      List<JsonObject> reports = registry.reports();
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
      var registry =
          new OfferingRegistry(book, List.of(new Offer("honest", honest.syncAddress(), false)));
      List<JsonObject> seen = new CopyOnWriteArrayList<>();
      Logger syncs = Logger.getLogger(SourceAttempts.class.getName());

      try (registry;
          var agent = new Agent(registry.settings(home, LIMITS))) {
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
}
