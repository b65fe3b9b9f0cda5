package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.RegistryBinding;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * A real agent against a stand-in resource manager that holds heartbeats as the real one does
 * (until the head moves past the version claimed, or the wait is over) with a heartbeat interval of
 * 20 s: two changes a moment apart both reach the agent at once, the second too, with no more
 * heartbeats than one per interval or per change; and each heartbeat says how many peers the agent
 * serves at most.
 */
class AgentHeldHeartbeatTest {
  private static final int LEASE_SECONDS = 60;

  @TempDir Path home;
  private final TestBook book = new TestBook();
  private final KeyPair tokenKey = StandInRegistry.ed25519();
  private final Object headMoved = new Object();
  // the version each held heartbeat claimed, in order
  private final List<Long> heldAt = new CopyOnWriteArrayList<>();
  private final AtomicInteger saidMaxServing = new AtomicInteger(-1);
  private final AtomicInteger sourcesAsked = new AtomicInteger();
  private volatile int leaseSeconds = LEASE_SECONDS;
  private volatile long answerDelayMillis;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HttpServer registry;
  private TestSource source;

  @BeforeEach
  void start() throws IOException {
    book.upsert(TestBook.contact("a", "Anna Adler"));
    source =
        TestSource.answering(
            request -> {
              TestSource.pause(answerDelayMillis);
              return new SyncAnswer.Delta(
                  head(), book.entries(request.version(), head().version()), true);
            });
    registry = StandInRegistry.serve(this::answer, threads);
  }

  @AfterEach
  void stop() {
    registry.stop(0);
    source.close();
    threads.shutdownNow();
  }

  @Test
  void hearsOfASecondChangeWithinTheIntervalAtOnce() throws IOException {
    try (var agent = new Agent(agentSettings())) {
      agent.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.copyVersion() == 1);
      await("a held heartbeat")
          .atMost(Duration.ofSeconds(5))
          .until(() -> heldAt.equals(List.of(1L)));

      commit(TestBook.contact("b", "Bruno Berg"));
      await().atMost(Duration.ofSeconds(5)).until(() -> agent.copyVersion() == 2);
      commit(TestBook.contact("c", "Clara Cello"));

      // the heartbeat interval is 20 s: heard of only at its end, the change would take that long
      await().atMost(Duration.ofSeconds(5)).until(() -> agent.copyVersion() == 3);
      // held at 2 too unless the agent heard of 3 before it held one there (its report of 2 can
      // answer with the head 3 already)
      await("held again at the new head")
          .atMost(Duration.ofSeconds(5))
          .until(() -> heldAt.contains(3L));
      await("one held heartbeat per head, no more")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(2))
          .until(() -> heldAt.equals(heldAt.stream().distinct().sorted().toList()));
      assertThat(saidMaxServing)
          .as("its --max-serving, so that it is handed to no more")
          .hasValue(agentSettings().maxServing());
    }
  }

  @Test
  void heartbeatsDueWhileTheCopySyncsAChangeAskForNoSecondSync() throws IOException {
    // a heartbeat a second, held up to a second
    leaseSeconds = 3;
    try (var agent = new Agent(agentSettings())) {
      agent.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.copyVersion() == 1);
      await("a held heartbeat").atMost(Duration.ofSeconds(5)).until(() -> heldAt.contains(1L));
      int askedBefore = sourcesAsked.get();

      // the change takes two heartbeat intervals and more to copy: the heartbeats due meanwhile
      // are answered at once (the copy is behind) with the head the agent is copying already
      answerDelayMillis = 2_500;
      commit(TestBook.contact("b", "Bruno Berg"));
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.copyVersion() == 2);
      await("held again at the new head")
          .atMost(Duration.ofSeconds(5))
          .until(() -> heldAt.contains(2L));

      await("one request for sources for the change, not one more after it")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> sourcesAsked.get() - askedBefore == 1);
    }
  }

  private AgentSettings agentSettings() {
    return StandInRegistry.settings(registry, home, book.keys.getPublic(), SyncLimits.DEFAULTS);
  }

  private org.peerbook.protocol.SignedHead head() {
    synchronized (headMoved) {
      return book.head();
    }
  }

  private void commit(org.peerbook.protocol.ContactDto contact) {
    synchronized (headMoved) {
      book.upsert(contact);
      headMoved.notifyAll();
    }
  }

  /** Register, heartbeat (held with {@code wait}), sources and deregister. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      if (path.endsWith("/sources")) {
        sourcesAsked.incrementAndGet();
        List<SourceOffer> offer =
            List.of(
                new SourceOffer(
                    "source", source.syncAddress().toString(), head().version(), false));
        StandInRegistry.reply(
            exchange,
            200,
            new SourcesAnswer(offer, false, head().version(), 0).toJson().toString());
      } else if (path.endsWith("/" + RegistryBinding.HEARTBEAT)) {
        HeartbeatRequest beat = HeartbeatRequest.read(WireJson.parse(exchange.getRequestBody()));
        long claimed = beat.version();
        saidMaxServing.set(beat.maxServing());
        if (query != null && query.contains(RegistryBinding.WAIT + "=")) {
          heldAt.add(claimed);
          holdWhileAt(claimed, Duration.ofSeconds(leaseSeconds / 3));
        }
        StandInRegistry.reply(exchange, 200, lease());
      } else if (exchange.getRequestMethod().equals("DELETE")) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        StandInRegistry.reply(exchange, 200, lease());
      }
    }
  }

  private void holdWhileAt(long claimed, Duration atMost) {
    long until = System.nanoTime() + atMost.toNanos();
    synchronized (headMoved) {
      while (book.head().version() <= claimed && System.nanoTime() < until) {
        try {
          headMoved.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private String lease() {
    return StandInRegistry.lease(
        leaseSeconds, head().version(), book.keys.getPrivate(), tokenKey, 0);
  }
}
