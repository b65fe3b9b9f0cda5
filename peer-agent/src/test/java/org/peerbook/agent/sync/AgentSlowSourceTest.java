package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.OfferingRegistry.Offer;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.SlowSource;
import org.peerbook.protocol.SyncAnswer;

/**
 * A real agent offered a slow peer first: it copies from the next peer beside it, reaches the head
 * from there long before the slow copy could end, and reports neither; with no other peer offered
 * it stays with the slow one and never turns to the data server for speed.
 */
class AgentSlowSourceTest {
  /** Judged slow after 300 ms below 64 KiB/s; cut as a staller only after 20 s. */
  private static final SyncLimits LIMITS =
      new SyncLimits(
          20,
          Duration.ofSeconds(20),
          1L << 20,
          4L << 20,
          2L << 20,
          Duration.ofSeconds(10),
          0,
          new SlowSource(Duration.ofMillis(300), 64 << 10));

  /** The same without the rule: the slow peer keeps the sync until it is cut. */
  private static final SyncLimits NEVER_HEDGING =
      new SyncLimits(
          20,
          Duration.ofSeconds(20),
          1L << 20,
          4L << 20,
          2L << 20,
          Duration.ofSeconds(10),
          0,
          SlowSource.NEVER);

  @TempDir Path home;
  private final TestBook book = new TestBook();

  @BeforeEach
  void book() {
    for (int i = 0; i < 8; i++) {
      book.upsert(TestBook.contact("c" + i, "Name " + i));
    }
  }

  @Test
  void copiesFromTheNextPeerBesideASlowOneAndReportsNeither() throws IOException {
    try (var slow = slowSource(Duration.ofSeconds(15));
        var fast = honestSource()) {
      // the slow peer's answer takes 15 s; the copy beside it starts after 300 ms of it
      Synced synced =
          syncWith(
              LIMITS,
              Duration.ofSeconds(8),
              new Offer("slow", slow.syncAddress(), false),
              new Offer("fast", fast.syncAddress(), false));

      assertThat(synced.lastSource()).isEqualTo("fast");
      assertThat(synced.hedgedCopies()).isEqualTo(1);
      assertThat(slow.requests()).isEqualTo(1);
      assertThat(fast.requests()).isEqualTo(1);
      assertThat(synced.reports()).as("slow is not a fault").isEmpty();
    }
  }

  @Test
  void withoutTheRuleWaitsForTheSlowPeer() throws IOException {
    try (var slow = slowSource(Duration.ofSeconds(3));
        var fast = honestSource()) {
      Synced synced =
          syncWith(
              NEVER_HEDGING,
              Duration.ofSeconds(15),
              new Offer("slow", slow.syncAddress(), false),
              new Offer("fast", fast.syncAddress(), false));

      assertThat(synced.lastSource()).isEqualTo("slow");
      assertThat(synced.hedgedCopies()).isZero();
      assertThat(fast.requests()).as("the slow peer delivered; nobody else was asked").isZero();
    }
  }

  @Test
  void staysWithASlowPeerWhenOnlyTheDataServerIsOfferedAfterIt() throws IOException {
    try (var slow = slowSource(Duration.ofSeconds(3));
        var dataServer = honestSource()) {
      Synced synced =
          syncWith(
              LIMITS,
              Duration.ofSeconds(15),
              new Offer("slow", slow.syncAddress(), false),
              new Offer("data-server", dataServer.syncAddress(), true));

      assertThat(synced.lastSource()).isEqualTo("slow");
      assertThat(synced.hedgedCopies()).isZero();
      assertThat(dataServer.requests()).as("speed is never worth a data-server copy").isZero();
      assertThat(synced.reports()).isEmpty();
    }
  }

  /** Where the copy came from when it reached the head, and what the agent reported. */
  private record Synced(String lastSource, List<JsonObject> reports, long hedgedCopies) {}

  /** Runs an agent offered {@code offers}, in that order, until it holds the head. */
  private Synced syncWith(SyncLimits limits, Duration atMost, Offer... offers) throws IOException {
    var registry = new OfferingRegistry(book, List.of(offers));
    try (registry;
        var agent = new Agent(registry.settings(home, limits))) {
      agent.start();
      await().atMost(atMost).until(() -> agent.store().version() == 8);
      JsonObject status = agent.status().asJsonObject();
      return new Synced(
          status.getJsonArray("lastSources").getString(0),
          registry.reports(),
          status.getJsonNumber("hedgedCopies").longValue());
    }
  }

  private TestSource honestSource() {
    return TestSource.answering(
        request -> new SyncAnswer.Delta(book.head(), book.entries(request.version(), 8), true));
  }

  /** An honest delta, sent in 20 even pieces over {@code spread}: slow, never stalled. */
  private TestSource slowSource(Duration spread) {
    return new TestSource(
        (request, exchange) -> {
          byte[] body =
              AnswerJson.toJson(
                      new SyncAnswer.Delta(book.head(), book.entries(request.version(), 8), true))
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          OutputStream out = exchange.getResponseBody();
          int pieces = 20;
          for (int i = 0; i < pieces; i++) {
            out.write(
                body,
                i * body.length / pieces,
                (i + 1) * body.length / pieces - i * body.length / pieces);
            out.flush();
            TestSource.pause(spread.toMillis() / pieces);
          }
          out.close();
        });
  }
}
