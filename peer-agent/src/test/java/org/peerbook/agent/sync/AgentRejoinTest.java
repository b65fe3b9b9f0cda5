package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real agent against a stand-in resource manager that refuses one heartbeat, as a cluster does
 * after a restart of all its members (404: no lease) or after a token expired meanwhile (401): the
 * agent registers again, once, within a heartbeat interval, and heartbeats on.
 */
class AgentRejoinTest {
  private static final int LEASE_SECONDS = 3;
  private static final long HEARTBEAT_MILLIS = LEASE_SECONDS * 1000L / 3;

  @TempDir Path home;
  private final KeyPair bookKey = StandInRegistry.ed25519();
  private final KeyPair tokenKey = StandInRegistry.ed25519();
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

    try (var agent =
        new Agent(
            StandInRegistry.settings(
                registry,
                home,
                bookKey.getPublic(),
                new SyncLimits(20, Duration.ofSeconds(5), 1L << 20, 4L << 20, 2L << 20)))) {
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
    registry =
        StandInRegistry.serve(
            exchange -> {
              try (exchange) {
                String method = exchange.getRequestMethod();
                if (method.equals("POST")) {
                  if (registrations.incrementAndGet() == 2) {
                    registeredAgainAt.set(System.nanoTime());
                  }
                  StandInRegistry.reply(exchange, 200, lease());
                } else if (exchange.getRequestURI().getPath().endsWith("/heartbeat")) {
                  if (heartbeats.incrementAndGet() == 2) {
                    refusedAt.set(System.nanoTime());
                    StandInRegistry.reply(
                        exchange, refusal, "{\"status\":" + refusal + ",\"title\":\"Refused\"}");
                  } else {
                    StandInRegistry.reply(exchange, 200, lease());
                  }
                } else {
                  exchange.sendResponseHeaders(204, -1);
                }
              }
            });
  }

  /** A lease at version 0: the agent is at the head and syncs nothing. */
  private String lease() {
    return StandInRegistry.lease(LEASE_SECONDS, 0, bookKey.getPrivate(), tokenKey);
  }
}
