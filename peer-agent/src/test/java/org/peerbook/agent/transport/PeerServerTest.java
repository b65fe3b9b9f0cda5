package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

class PeerServerTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestBook book = new TestBook().upsert(TestBook.contact("a", "Ann"));
  @TempDir Path dir;

  private HttpRequest.Builder syncRequest(PeerServer server) {
    String body = WireJson.toJson(new SyncRequest("peer", 0, Hashes.ZERO, 100)).toString();
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/sync"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @Test
  void turnsAwayPeersBeyondMaxServingWith503AndRetryAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    PeerServer.SyncHandler slow =
        (request, authorization) -> {
          waitFor(release);
          return new PeerServer.Reply.Answer(new SyncAnswer.Equal(book.head()));
        };
    try (var server = new PeerServer(ANY_LOOPBACK_PORT, 1, Optional.empty(), slow)) {
      CompletableFuture<HttpResponse<String>> first =
          http.sendAsync(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());
      await().until(() -> server.load() == 1);

      HttpResponse<String> second =
          http.send(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
      assertThat(second.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(second.body()).contains("\"status\":503").contains("serving 1 peers already");
      release.countDown();
      assertThat(first.get().statusCode()).isEqualTo(200);
      await().until(() -> server.load() == 0);
      assertThat(
              http.send(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      await().until(() -> server.served().requests() == 2);
      assertThat(server.served().peak()).as("the turned-away peer was never served").isEqualTo(1);
      assertThat(server.served().busySeconds()).isPositive();
    }
  }

  @Test
  void streamsASnapshotFileGzippedOrPlainAsThePeerAccepts() throws Exception {
    String json =
        WireJson.toJson(
                new SyncAnswer.Snapshot(book.head(), book.contacts.values().stream().toList()))
            .toString();
    Path file = dir.resolve("snapshot.json.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    try (var server =
        new PeerServer(
            ANY_LOOPBACK_PORT,
            2,
            Optional.empty(),
            (request, authorization) -> new PeerServer.Reply.GzippedSnapshot(file))) {
      HttpResponse<byte[]> gzipped =
          http.send(
              syncRequest(server).header("Accept-Encoding", "gzip").build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<String> plain =
          http.send(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(gunzip(gzipped.body())).isEqualTo(json);
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(plain.body()).isEqualTo(json);
    }
  }

  @Test
  void refusesAMalformedRequestWithProblemDetails() throws Exception {
    try (var server =
        new PeerServer(
            ANY_LOOPBACK_PORT,
            2,
            Optional.empty(),
            (request, authorization) ->
                new PeerServer.Reply.Answer(new SyncAnswer.Equal(book.head())))) {
      HttpResponse<String> response =
          http.send(
              syncRequest(server)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"nodeId\":\"x\",\"version\":-1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("\"status\":400").contains("version");
      // the slot is given back once the answer is out
      await().until(() -> server.load() == 0);
    }
  }

  @Test
  void refusesARequestTheHandlerFindsUnentitledWith401() throws Exception {
    PeerServer.SyncHandler checking =
        (request, authorization) -> {
          throw new org.peerbook.protocol.InvalidTokenException("no token: " + authorization);
        };
    try (var server = new PeerServer(ANY_LOOPBACK_PORT, 2, Optional.empty(), checking)) {
      HttpResponse<String> response =
          http.send(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"peerbook\"");
      assertThat(response.body()).contains("no token: null");
    }
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
