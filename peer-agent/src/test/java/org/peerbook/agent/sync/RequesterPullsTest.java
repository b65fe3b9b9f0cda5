package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequesterPullsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final URI ELSEWHERE = URI.create("http://127.0.0.1:9/api/sync");

  /** Someone's sync port, counting every request that reaches it. */
  private HttpServer listener;

  private final AtomicInteger reached = new AtomicInteger();
  private URI listenerAddress;

  /** What the resource manager lists, and how often it was asked. */
  private final Map<String, URI> registry = new HashMap<>();

  private final AtomicInteger lookups = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void listen() throws IOException {
    listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    listener.createContext(
        "/api/sync",
        exchange -> {
          reached.incrementAndGet();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    listener.start();
    listenerAddress =
        URI.create("http://127.0.0.1:" + listener.getAddress().getPort() + "/api/sync");
  }

  @AfterEach
  void stop() {
    listener.stop(0);
  }

  /** Pulls as the agent does: a sync request POSTed to the address. */
  private RequesterPulls pulls() {
    return new RequesterPulls(
        nodeId -> {
          lookups.incrementAndGet();
          return Optional.ofNullable(registry.get(nodeId));
        },
        (address, nodeId) -> {
          try {
            http.send(
                HttpRequest.newBuilder(address)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
          } catch (IOException e) {
            // nobody there: the pull fails, as it would for the agent
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        () -> clock.instant(),
        Duration.ofSeconds(10));
  }

  @Test
  void aRequesterNamingSomeoneElsesAddressCausesNoRequestThere() {
    registry.put("mallory", ELSEWHERE);

    pulls().requesterAhead("mallory", listenerAddress.toString());

    assertThat(reached).hasValue(0);
  }

  @Test
  void aRequesterTheRegistryDoesNotListCausesNoRequestAnywhere() {
    pulls().requesterAhead("stranger", listenerAddress.toString());

    assertThat(reached).hasValue(0);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void pullsFromARequesterAtTheAddressTheRegistryListsForIt() {
    registry.put("alice", listenerAddress);

    pulls().requesterAhead("alice", listenerAddress.toString());

    assertThat(reached).hasValue(1);
  }

  @Test
  void pullsNothingWhenTheRegistryCannotSay() {
    var pulls =
        new RequesterPulls(
            nodeId -> {
              throw new IllegalStateException("registry down");
            },
            (address, nodeId) -> reached.incrementAndGet(),
            () -> clock.instant(),
            Duration.ofSeconds(10));

    pulls.requesterAhead("alice", listenerAddress.toString());

    assertThat(reached).hasValue(0);
  }

  @Test
  void asksTheRegistryOncePerNodeWhileItsAnswerIsFresh() {
    registry.put("alice", listenerAddress);
    RequesterPulls pulls = pulls();

    for (int i = 0; i < 5; i++) {
      pulls.requesterAhead("alice", listenerAddress.toString());
    }
    assertThat(lookups).hasValue(1);

    // alice re-registers elsewhere: once the answer is stale, the old address is not used again
    registry.put("alice", ELSEWHERE);
    clock = Clock.offset(clock, Duration.ofSeconds(10));
    pulls.requesterAhead("alice", listenerAddress.toString());

    assertThat(lookups).hasValue(2);
    assertThat(reached).hasValue(5);
  }
}
