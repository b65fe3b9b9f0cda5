package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * A real agent whose own bound on the wait before a sync is ten minutes, against a stand-in
 * resource manager whose heartbeat answer tells of a new head and a spread of 0 ms: the agent asks
 * for sources at once (with its own bound alone, within 3 s in 1 run in 200).
 */
class AgentSyncSpreadTest {
  private static final int LEASE_SECONDS = 3;

  @TempDir Path home;
  private final KeyPair bookKey = StandInRegistry.ed25519();
  private final KeyPair tokenKey = StandInRegistry.ed25519();
  private final AtomicLong firstHeartbeatAt = new AtomicLong();
  private final AtomicLong firstSourcesAt = new AtomicLong();
  private HttpServer registry;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
  }

  @Test
  void theResourceManagersShorterSpreadBoundsTheWaitBeforeASync() throws IOException {
    startRegistry();

    try (var agent =
        new Agent(
            StandInRegistry.settings(
                registry,
                home,
                bookKey.getPublic(),
                new SyncLimits(20, Duration.ofSeconds(5), 1L << 20, 4L << 20, 2L << 20),
                Duration.ofMinutes(10)))) {
      agent.start();
      await("the agent asks for sources")
          .atMost(Duration.ofSeconds(30))
          .until(() -> firstSourcesAt.get() != 0);
    }

    assertThat(Duration.ofNanos(firstSourcesAt.get() - firstHeartbeatAt.get()))
        .as("from the heartbeat that told of the head")
        .isLessThan(Duration.ofSeconds(3));
  }

  /**
   * Registration at head 0, and the sync at start finds nothing to do; every heartbeat tells of
   * head 1, to be synced at once.
   */
  private void startRegistry() throws IOException {
    registry =
        StandInRegistry.serve(
            exchange -> {
              try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (exchange.getRequestMethod().equals("POST") && !path.endsWith("/reports")) {
                  StandInRegistry.reply(
                      exchange,
                      200,
                      StandInRegistry.lease(LEASE_SECONDS, 0, bookKey.getPrivate(), tokenKey));
                } else if (path.endsWith("/heartbeat")) {
                  firstHeartbeatAt.compareAndSet(0, System.nanoTime());
                  StandInRegistry.reply(
                      exchange,
                      200,
                      StandInRegistry.lease(LEASE_SECONDS, 1, bookKey.getPrivate(), tokenKey, 0));
                } else {
                  if (path.endsWith("/sources") && firstHeartbeatAt.get() == 0) {
                    // the sync at start: nothing to do at head 0
                    StandInRegistry.reply(
                        exchange,
                        200,
                        new SourcesAnswer(List.of(), false, 0, 0).toJson().toString());
                    return;
                  }
                  if (path.endsWith("/sources")) {
                    firstSourcesAt.compareAndSet(0, System.nanoTime());
                  }
                  StandInRegistry.reply(
                      exchange, 503, "{\"status\":503,\"title\":\"Not in this test\"}");
                }
              }
            });
  }
}
