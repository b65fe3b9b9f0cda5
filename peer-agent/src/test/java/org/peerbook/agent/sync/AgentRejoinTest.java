package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.Tls;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.registry.LeaseAnswer;

/**
 * A real agent against a stand-in resource manager that refuses one heartbeat, as a cluster does
 * after a restart of all its members (404: no lease) or after a token expired meanwhile (401): the
 * agent registers again, once, within a heartbeat interval, and heartbeats on.
 */
class AgentRejoinTest {
  private static final int LEASE_SECONDS = 3;
  private static final long HEARTBEAT_MILLIS = LEASE_SECONDS * 1000L / 3;

  @TempDir Path home;
  private final KeyPair bookKey = keyPair();
  private final KeyPair tokenKey = keyPair();
  private final AtomicInteger registrations = new AtomicInteger();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicLong refusedAt = new AtomicLong();
  private final AtomicLong registeredAgainAt = new AtomicLong();
  private HttpServer registry;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 401})
  void aRefusedHeartbeatMakesTheAgentRegisterAgainOnceWithinAnInterval(int refusal)
      throws IOException {
    startRegistry(refusal);

    try (var agent = new Agent(settings())) {
      agent.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> registrations.get() == 2);
      int heartbeatsThen = heartbeats.get();
      await().atMost(Duration.ofSeconds(20)).until(() -> heartbeats.get() >= heartbeatsThen + 3);
    }

    assertThat(registrations).as("registered once more, not once per heartbeat").hasValue(2);
    assertThat(Duration.ofNanos(registeredAgainAt.get() - refusedAt.get()))
        .as("drawn within one heartbeat interval")
        .isLessThan(Duration.ofMillis(HEARTBEAT_MILLIS + 500));
  }

  /** Leases for registrations; heartbeats renewed, but the second one answered {@code refusal}. */
  private void startRegistry(int refusal) throws IOException {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext(
        "/api/registry/nodes",
        exchange -> {
          try (exchange) {
            String method = exchange.getRequestMethod();
            if (method.equals("POST")) {
              if (registrations.incrementAndGet() == 2) {
                registeredAgainAt.set(System.nanoTime());
              }
              reply(exchange, 200, lease());
            } else if (exchange.getRequestURI().getPath().endsWith("/heartbeat")) {
              if (heartbeats.incrementAndGet() == 2) {
                refusedAt.set(System.nanoTime());
                reply(exchange, refusal, "{\"status\":" + refusal + ",\"title\":\"Refused\"}");
              } else {
                reply(exchange, 200, lease());
              }
            } else {
              exchange.sendResponseHeaders(204, -1);
            }
          }
        });
    registry.start();
  }

  /** A lease at version 0: the agent is at the head and syncs nothing. */
  private String lease() {
    Instant expires = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    return new LeaseAnswer(
            LEASE_SECONDS,
            0,
            0,
            Map.of(),
            new LeaseAnswer.IssuedTokens(
                NodeTokens.issue(
                    tokenKey.getPrivate(),
                    new NodeToken("me", NodeToken.Audience.REGISTRY, expires)),
                NodeTokens.issue(
                    tokenKey.getPrivate(), new NodeToken("me", NodeToken.Audience.PEER, expires)),
                expires,
                HeadSignatures.encode(tokenKey.getPublic()),
                NodeTokens.endorse(bookKey.getPrivate(), tokenKey.getPublic())))
        .toJson(true)
        .toString();
  }

  private AgentSettings settings() {
    InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    return new AgentSettings(
        "me",
        List.of(URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/api")),
        home,
        anyPort,
        "127.0.0.1",
        "127.0.0.1",
        "secret",
        bookKey.getPublic(),
        anyPort,
        2,
        100,
        Duration.ZERO,
        Tls.none(),
        Optional.empty(),
        ListenerLimits.defaults(),
        Optional.empty(),
        new SyncLimits(20, Duration.ofSeconds(5), 1L << 20, 4L << 20, 2L << 20));
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
