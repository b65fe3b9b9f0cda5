package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A node that floods the data server with sync or registration requests gets 429 with Retry-After
 * and a problem body, while another node is served as usual; a client that floods it with
 * registrations it cannot authenticate, naming another node, spends only its own address's rate.
 */
class RateLimitIT {
  private static final int BURST = 5;

  @Test
  void refusesAFloodingNodeAndKeepsServingTheOthers() throws Exception {
    var home = ServerProcess.workDirectory("rate-limits");
    try (var server =
        new ServerProcess(
                home,
                Map.of(
                    "peerbook.limits.requests-per-second",
                    "1",
                    "peerbook.limits.burst",
                    Integer.toString(BURST),
                    "peerbook.limits.unauthenticated-per-second",
                    "1",
                    "peerbook.limits.unauthenticated-burst",
                    Integer.toString(BURST)))
            .start()) {
      Http api = server.api();
      String sync = BookChecks.syncRequest("flooder", 0, BookChecks.ZERO, 10);
      String[] flooderToken = BookChecks.enrolled(api, "flooder");

      List<Http.Reply> flood = concurrently(40, () -> api.post("sync", sync, flooderToken));

      List<Http.Reply> refused = flood.stream().filter(reply -> reply.status() == 429).toList();
      assertThat(flood).allSatisfy(reply -> assertThat(reply.status()).isIn(200, 429));
      // the registration took one token of the flooder's bucket
      assertThat(flood.size() - refused.size()).as("served").isBetween(BURST - 1, BURST + 1);
      assertThat(refused.get(0).header("Retry-After")).isNotBlank();
      assertThat(refused.get(0).header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.get(0).object().getInt("status")).isEqualTo(429);
      assertThat(refused.get(0).object().getString("detail")).contains("flooder");

      String innocent = BookChecks.syncRequest("innocent", 0, BookChecks.ZERO, 10);
      String[] innocentToken = BookChecks.enrolled(api, "innocent");
      for (int i = 0; i < BURST - 1; i++) {
        assertThat(api.post("sync", innocent, innocentToken).status())
            .as("another node")
            .isEqualTo(200);
      }

      List<Http.Reply> registrations =
          concurrently(
              20,
              () ->
                  api.post("registry/nodes", Registrations.registration("joiner", "127.0.7.1", 0)));
      assertThat(registrations).anySatisfy(reply -> assertThat(reply.status()).isEqualTo(429));
      assertThat(registrations).anySatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
      assertThat(api.get("book/head").status()).isEqualTo(200);

      String[] victimPeerToken = BookChecks.enrolled(api, "victim");
      String[] victimToken = Registrations.asNode("victim");
      AtomicInteger attempt = new AtomicInteger();
      List<Http.Reply> impostors =
          concurrently(
              40,
              () ->
                  api.post(
                      "registry/nodes",
                      Registrations.registration(
                          "victim",
                          "127.0.7.2",
                          0,
                          attempt.getAndIncrement() % 2 == 0 ? null : "guess")));
      assertThat(impostors)
          .allSatisfy(reply -> assertThat(reply.status()).isIn(401, 403, 429))
          .anySatisfy(reply -> assertThat(reply.status()).isEqualTo(429));
      assertThat(
              impostors.stream()
                  .filter(reply -> reply.status() == 429)
                  .findFirst()
                  .orElseThrow()
                  .object()
                  .getString("detail"))
          .contains("unauthenticated client");
      // the victim's own bucket is untouched: its heartbeat, sources and sync all go through
      Http.Reply beat =
          api.put("registry/nodes/victim/heartbeat", "{\"version\":0,\"load\":0}", victimToken);
      assertThat(beat.status()).as(beat.body()).isEqualTo(200);
      Http.Reply sources = api.get("registry/nodes/victim/sources", victimToken);
      assertThat(sources.status()).as(sources.body()).isEqualTo(200);
      assertThat(
              api.post(
                      "sync",
                      BookChecks.syncRequest("victim", 0, BookChecks.ZERO, 10),
                      victimPeerToken)
                  .status())
          .isEqualTo(200);
    }
  }

  private static List<Http.Reply> concurrently(int count, Callable<Http.Reply> request)
      throws Exception {
    var pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Http.Reply>> replies =
          IntStream.range(0, count).mapToObj(i -> pool.submit(request)).toList();
      return replies.stream().map(RateLimitIT::get).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Http.Reply get(Future<Http.Reply> reply) {
    try {
      return reply.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
