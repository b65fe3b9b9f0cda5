package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.ChangeEntry;

/**
 * A database that stalls (here: PostgreSQL behind a proxy that stops passing bytes, as a network
 * cut without a reset does) while reads and writes keep coming, more than the server has request
 * threads. The fleet's heartbeats and source requests, which need no database, are answered all
 * along; the reads and writes are refused with 503 and {@code Retry-After} within seconds instead
 * of piling up until the server answers nothing; readiness says the database does not answer. Once
 * the database answers again, every write acknowledged is in the book, none refused is, and the log
 * is gapless. One client (behind a trusted proxy) gets a quarter of the requests that may wait on
 * the database, and 429 beyond it, while another client still gets in.
 */
class DatabaseStallIT {
  /** Reads and writes together: more than the container's 200 request threads. */
  private static final int READS = 300;

  private static final int WRITES = 100;

  private static final int MAX_DATABASE_REQUESTS = 16;
  private static final int QUARTER = MAX_DATABASE_REQUESTS / 4;
  private static final String GREEDY = "203.0.113.5";
  private static final String OTHER = "198.51.100.7";
  private static final int COMMIT_WAIT_SECONDS = 3;
  private static final Duration REGISTRY_ANSWERS_WITHIN = Duration.ofSeconds(10);

  @Test
  void theRegistryAnswersAndWritesAreRefusedUnwrittenWhileTheDatabaseStalls() throws Exception {
    try (var database = Databases.open("PostgreSQL");
        var proxy = new StallingProxy(new InetSocketAddress("127.0.0.1", 5432))) {
      Map<String, String> settings = new HashMap<>(database.settings());
      settings.put(
          "peerbook.db.url",
          settings.get("peerbook.db.url").replace(":5432/", ":" + proxy.port() + "/"));
      settings.put("peerbook.db.max-requests", Integer.toString(MAX_DATABASE_REQUESTS));
      settings.put("peerbook.book.commit-wait-seconds", Integer.toString(COMMIT_WAIT_SECONDS));
      // the test speaks for clients elsewhere through X-Forwarded-For, as a reverse proxy would
      settings.put("peerbook.limits.trusted-proxies", "127.0.0.1");
      try (var server =
          new ServerProcess(ServerProcess.workDirectory("database-stall"), settings).start()) {
        Http api = server.api();
        assertThat(api.put("contacts/before", "{\"displayName\":\"Before\"}").status())
            .isEqualTo(200);
        Registrations.registered(api, "steady", "127.0.82.1", 0);

        proxy.stall();
        HttpClient writer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // one client takes a quarter of the requests that may wait on the database, not more;
        // another still gets in
        List<CompletableFuture<HttpResponse<String>>> greedy = new ArrayList<>();
        for (int i = 0; i < QUARTER + 2; i++) {
          greedy.add(
              writer.sendAsync(read(api.base(), GREEDY), HttpResponse.BodyHandlers.ofString()));
        }
        await("the greedy client's requests beyond its quarter refused")
            .atMost(Duration.ofSeconds(10))
            .until(() -> greedy.stream().filter(CompletableFuture::isDone).count() == 2);
        for (var refused : greedy.stream().filter(CompletableFuture::isDone).toList()) {
          assertThat(refused.join().statusCode()).as(refused.join().body()).isEqualTo(429);
          assertThat(refused.join().headers().firstValue("Retry-After")).isPresent();
        }
        var other = writer.sendAsync(read(api.base(), OTHER), HttpResponse.BodyHandlers.ofString());
        await("the other client waits on the database too, not refused")
            .pollDelay(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(2))
            .until(() -> !other.isDone());
        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < Math.max(READS, WRITES); i++) {
          if (i < WRITES) {
            writes.add(
                writer.sendAsync(write(api.base(), i), HttpResponse.BodyHandlers.ofString()));
          }
          if (i < READS) {
            reads.add(
                writer.sendAsync(read(api.base(), null), HttpResponse.BodyHandlers.ofString()));
          }
        }

        // while the database stalls and the writes pile in, the registry answers: within
        // seconds, where a server whose threads all wait for the database answers in minutes
        String[] asNode = Registrations.asNode("steady");
        for (int i = 0; i < 3; i++) {
          long started = System.nanoTime();
          HttpResponse<String> heartbeat =
              writer.send(
                  HttpRequest.newBuilder(api.base().resolve("registry/nodes/steady/heartbeat"))
                      .timeout(REGISTRY_ANSWERS_WITHIN)
                      .header("Content-Type", "application/json")
                      .header(asNode[0], asNode[1])
                      .PUT(HttpRequest.BodyPublishers.ofString(Registrations.heartbeat(api, 0, 0)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(heartbeat.statusCode()).as(heartbeat.body()).isEqualTo(200);
          HttpResponse<String> sources =
              writer.send(
                  HttpRequest.newBuilder(api.base().resolve("registry/nodes/steady/sources"))
                      .timeout(REGISTRY_ANSWERS_WITHIN)
                      .header(asNode[0], asNode[1])
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(sources.statusCode()).as(sources.body()).isEqualTo(200);
          System.out.printf(
              "database stalled: heartbeat and source request answered in %.0f ms%n",
              (System.nanoTime() - started) / 1e6);
        }
        Http.Reply ready = server.root().get("health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("the database did not answer");

        // every write but those a stalled commit holds is refused within seconds, unwritten
        await("writes refused while the database stalls")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Stream.concat(writes.stream(), reads.stream())
                            .filter(CompletableFuture::isDone)
                            .count()
                        >= WRITES + READS - MAX_DATABASE_REQUESTS);
        for (var write : Stream.concat(writes.stream(), reads.stream()).toList()) {
          if (write.isDone()) {
            HttpResponse<String> refused = write.join();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("\"status\":503");
          }
        }

        proxy.resume();
        assertThat(other.get().statusCode()).isEqualTo(200);
        assertThat(
                greedy.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList())
            .as("the greedy client's quarter answered once the database did")
            .containsOnly(200, 429)
            .filteredOn(status -> status == 200)
            .hasSize(QUARTER);
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get();
        Map<String, Long> acknowledged = new HashMap<>();
        for (int i = 0; i < WRITES; i++) {
          HttpResponse<String> reply = writes.get(i).join();
          if (reply.statusCode() == 200) {
            acknowledged.put(
                "stall-" + i,
                Long.parseLong(reply.headers().firstValue("ETag").orElseThrow().replace("\"", "")));
          } else {
            assertThat(reply.statusCode()).isEqualTo(503);
          }
        }
        System.out.printf(
            "database stalled: %d of %d writes acknowledged (held by the stalled database until"
                + " it answered), the rest refused%n",
            acknowledged.size(), WRITES);

        assertThat(api.put("contacts/after", "{\"displayName\":\"After\"}").status())
            .isEqualTo(200);
        await("ready again")
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.root().get("health/ready").status() == 200);
        List<ChangeEntry> log = BookChecks.readWholeLog(api).entries();
        for (int i = 0; i < log.size(); i++) {
          assertThat(log.get(i).version()).as("gapless").isEqualTo(i + 1L);
        }
        Map<String, Long> written = new HashMap<>();
        log.forEach(entry -> written.put(entry.contactId(), entry.version()));
        assertThat(written.keySet().stream().filter(id -> id.startsWith("stall-")))
            .as("exactly the acknowledged writes are in the book")
            .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        acknowledged.forEach((id, version) -> assertThat(written.get(id)).isEqualTo(version));
      }
    }
  }

  /**
   * @param client the client a trusted proxy says it forwards, {@code null}: the test's own
   */
  private static HttpRequest read(URI api, String client) {
    var read =
        HttpRequest.newBuilder(api.resolve("contacts/before"))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", TestAdministrator.basicAuthorization());
    if (client != null) {
      read.header("X-Forwarded-For", client);
    }
    return read.build();
  }

  private static HttpRequest write(URI api, int i) {
    return HttpRequest.newBuilder(api.resolve("contacts/stall-" + i))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .header("Authorization", TestAdministrator.basicAuthorization())
        .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Stall " + i + "\"}"))
        .build();
  }
}
