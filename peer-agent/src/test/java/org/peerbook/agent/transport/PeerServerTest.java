package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.serving.GzippedSnapshot;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncServing;

/** The peer listener over real loopback sockets: what it answers, and what no client can hold. */
class PeerServerTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final String SYNC_BODY =
      WireJson.toJson(new SyncRequest("peer", 0, Hashes.ZERO, 100)).toString();
  private static final SyncServing.Gate ANYONE = (request, authorization) -> {};

  private final HttpClient http = HttpClient.newHttpClient();
  private final TestBook book = new TestBook().upsert(TestBook.contact("a", "Ann"));
  private final List<Socket> sockets = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  /** The test book as a source that answers at once. */
  private SyncServing.Source prompt() {
    return source(() -> {}, null);
  }

  /**
   * The test book as a source.
   *
   * @param beforeAnswer runs on the serving thread before each answer (to hold a slot)
   * @param snapshot non-null: the source answers every request with this gzipped snapshot
   */
  private SyncServing.Source source(Runnable beforeAnswer, Path snapshot) {
    SyncResponder.Log log =
        new SyncResponder.Log() {
          @Override
          public SignedHead head() {
            beforeAnswer.run();
            return book.head();
          }

          @Override
          public Optional<String> hashAt(long version) {
            return snapshot != null ? Optional.empty() : Optional.of(book.headAt(version).hash());
          }

          @Override
          public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
            List<ChangeEntry> entries = book.entries(after, upTo);
            return entries.subList(0, Math.min(limit, entries.size()));
          }

          @Override
          public long contactCount() {
            return book.contacts.size();
          }
        };
    return new SyncServing.Source() {
      @Override
      public SyncResponder.Log log() {
        return log;
      }

      @Override
      public GzippedSnapshot snapshotFrom(SyncRequest request) {
        try {
          return new GzippedSnapshot(Files.newInputStream(snapshot), Files.size(snapshot));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public SyncAnswer requesterNewer(SyncRequest request, SyncAnswer.RequesterNewer answer) {
        return answer;
      }
    };
  }

  private static PeerServer server(
      int maxServing, ListenerLimits limits, SyncServing.Gate gate, SyncServing.Source source)
      throws IOException {
    return new PeerServer(
        ANY_LOOPBACK_PORT,
        limits,
        Optional.empty(),
        new SyncServing(gate, source, new ServingSlots(maxServing)));
  }

  private static ListenerLimits limits(Duration requestTimeout, int maxConnections) {
    return new ListenerLimits(Duration.ofSeconds(30), requestTimeout, 64 * 1024, maxConnections);
  }

  private HttpRequest.Builder syncRequest(PeerServer server) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/sync"))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(SYNC_BODY));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Socket open(PeerServer server) throws IOException {
    Socket socket = RawHttp.connect(server.address(), Duration.ofSeconds(10));
    sockets.add(socket);
    return socket;
  }

  @Test
  void turnsAwayPeersBeyondMaxServingWith503AndRetryAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SyncServing.Source slow = source(() -> waitFor(release), null);
    try (var server = server(1, ListenerLimits.defaults(), ANYONE, slow)) {
      CompletableFuture<HttpResponse<String>> first =
          http.sendAsync(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());
      await().until(() -> server.load() == 1);

      HttpResponse<String> second = send(syncRequest(server).build());

      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
      assertThat(second.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(second.body()).contains("\"status\":503").contains("serving 1 requesters already");
      release.countDown();
      assertThat(first.get().statusCode()).isEqualTo(200);
      await().until(() -> server.load() == 0);
      assertThat(send(syncRequest(server).build()).statusCode()).isEqualTo(200);
      await().until(() -> server.served().requests() == 2);
      assertThat(server.served().peak()).as("the turned-away peer was never served").isEqualTo(1);
      assertThat(server.served().busySeconds()).isPositive();
    }
  }

  @Test
  void streamsASnapshotFileGzippedOrPlainAsThePeerAccepts() throws Exception {
    String json =
        AnswerJson.toJson(
                new SyncAnswer.Snapshot(book.head(), book.contacts.values().stream().toList()))
            .toString();
    Path file = dir.resolve("snapshot.json.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    try (var server = server(2, ListenerLimits.defaults(), ANYONE, source(() -> {}, file))) {
      HttpResponse<byte[]> gzipped =
          http.send(
              syncRequest(server).header("Accept-Encoding", "gzip").build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<String> plain = send(syncRequest(server).build());
      HttpResponse<String> refused =
          send(syncRequest(server).header("Accept-Encoding", "gzip;q=0, identity").build());

      assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(gunzip(gzipped.body())).isEqualTo(json);
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(plain.body()).isEqualTo(json);
      assertThat(refused.headers().firstValue("Content-Encoding")).as("q=0 refuses gzip").isEmpty();
      assertThat(refused.body()).isEqualTo(json);
    }
  }

  @Test
  void refusesAMalformedRequestWithProblemDetails() throws Exception {
    try (var server = server(2, ListenerLimits.defaults(), ANYONE, prompt())) {
      HttpResponse<String> response =
          send(
              syncRequest(server)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"nodeId\":\"x\",\"version\":-1}"))
                  .build());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
      assertThat(response.body()).contains("\"status\":400").contains("version");
      assertThat(server.served().requests()).as("a malformed request took no slot").isZero();
    }
  }

  @Test
  void refusesAMissingOrInvalidTokenWith401AndAnotherNodesWith403() throws Exception {
    SyncServing.Gate checking =
        (request, authorization) -> {
          if (authorization == null) {
            throw new InvalidTokenException("no token");
          }
          throw new NotEntitledException("the token is node other's");
        };
    try (var server = server(2, ListenerLimits.defaults(), checking, prompt())) {
      HttpResponse<String> missing = send(syncRequest(server).build());
      HttpResponse<String> others =
          send(syncRequest(server).header("Authorization", "Bearer other").build());

      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"peerbook\"");
      assertThat(missing.body()).contains("\"status\":401").contains("no token");
      assertThat(others.statusCode()).isEqualTo(403);
      assertThat(others.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(others.body()).contains("node other's");
      assertThat(server.served().requests()).isZero();
    }
  }

  @Test
  void checksTokensBeforeGivingASlotSoBadTokensCannotCrowdOutAGoodOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger beingChecked = new AtomicInteger();
    SyncServing.Gate slowToRefuse =
        (request, authorization) -> {
          if (!"Bearer good".equals(authorization)) {
            beingChecked.incrementAndGet();
            waitFor(release);
            throw new InvalidTokenException("not a token of ours");
          }
        };
    int maxServing = 2;
    try (var server = server(maxServing, ListenerLimits.defaults(), slowToRefuse, prompt())) {
      List<CompletableFuture<HttpResponse<String>>> bad = new ArrayList<>();
      for (int i = 0; i <= maxServing; i++) {
        bad.add(
            http.sendAsync(
                syncRequest(server).header("Authorization", "Bearer forged").build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      await().until(() -> beingChecked.get() == maxServing + 1);

      assertThat(server.load()).as("requests whose token is being checked hold no slot").isZero();
      HttpResponse<String> good =
          send(syncRequest(server).header("Authorization", "Bearer good").build());
      assertThat(good.statusCode()).isEqualTo(200);
      release.countDown();
      for (var response : bad) {
        assertThat(response.get().statusCode()).isEqualTo(401);
      }
      assertThat(server.served().requests()).isEqualTo(1);
      assertThat(server.served().peak()).isEqualTo(1);
    }
  }

  /**
   * A client whose requests keep failing the token check (on a real agent each one a signature
   * verified) is let to fail a burst, then about as many a second as the rate allows: its further
   * requests are refused with 429 before the gate sees them. A peer at another address is served.
   */
  @Test
  void turnsAwayAClientWhoseRequestsKeepFailingTheTokenCheck() throws Exception {
    AtomicInteger checked = new AtomicInteger();
    SyncServing.Gate checking =
        (request, authorization) -> {
          if (!"Bearer good".equals(authorization)) {
            checked.incrementAndGet();
            throw new InvalidTokenException("not a token of ours");
          }
        };
    try (var server = server(2, ListenerLimits.defaults(), checking, prompt())) {
      long start = System.nanoTime();
      List<HttpResponse<String>> refused = new ArrayList<>();
      int sent = 0;
      while (refused.size() < 10 && sent < 20 * PeerServer.FAILED_CHECKS_BURST) {
        HttpResponse<String> reply =
            send(syncRequest(server).header("Authorization", "Bearer forged").build());
        sent++;
        assertThat(reply.statusCode()).isIn(401, 429);
        if (reply.statusCode() == 429) {
          refused.add(reply);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(refused).hasSize(10);
      assertThat(checked.get() + refused.size()).as("refused before the gate").isEqualTo(sent);
      assertThat(checked.get())
          .as("checks let through in %.1f s", seconds)
          .isGreaterThanOrEqualTo(PeerServer.FAILED_CHECKS_BURST)
          .isLessThanOrEqualTo(
              PeerServer.FAILED_CHECKS_BURST
                  + (int) (PeerServer.FAILED_CHECKS_PER_SECOND * seconds)
                  + 1);
      HttpResponse<String> first = refused.get(0);
      assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(first.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(first.body()).contains("\"status\":429").contains("127.0.0.1");
      String fromElsewhere = postFrom(InetAddress.getByName("127.0.0.2"), server, "Bearer good");
      assertThat(RawHttp.status(fromElsewhere)).as(fromElsewhere).isEqualTo(200);
    }
  }

  /** A sync request sent from {@code local}, answered whole. */
  private static String postFrom(InetAddress local, PeerServer server, String authorization)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(local, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5_000);
      socket.setSoTimeout(10_000);
      byte[] body = SYNC_BODY.getBytes(StandardCharsets.UTF_8);
      String head =
          "POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
              + authorization
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return RawHttp.readAll(socket.getInputStream());
    }
  }

  @Test
  void answersASyncPromptlyWhileManyConnectionsTrickleRequests() throws Exception {
    int maxServing = 2;
    // a deadline far beyond the bound below: the sync must get through while they all still hang
    try (var server = server(maxServing, limits(Duration.ofSeconds(60), 64), ANYONE, prompt())) {
      // far more slow clients than workers and slots: half stall in the headers, half in the body
      for (int i = 0; i < 12 * maxServing; i++) {
        open(server).getOutputStream().write('P');
      }
      String headersOnly =
          "POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{";
      for (int i = 0; i < 12 * maxServing; i++) {
        open(server).getOutputStream().write(headersOnly.getBytes(StandardCharsets.US_ASCII));
      }
      await().until(() -> server.connections() == 24 * maxServing);

      long started = System.nanoTime();
      HttpResponse<String> response =
          send(syncRequest(server).timeout(Duration.ofSeconds(10)).build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      // the slot is given back after the last byte is written, which the client may see first
      await().atMost(Duration.ofSeconds(5)).until(() -> server.load() == 0);
    }
  }

  @Test
  void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
    int cap = 3;
    try (var server = server(2, limits(Duration.ofSeconds(10), cap), ANYONE, prompt())) {
      List<Socket> idle = new ArrayList<>();
      for (int i = 0; i < cap; i++) {
        idle.add(open(server));
      }
      await().until(() -> server.connections() == cap);

      CompletableFuture<HttpResponse<String>> queued =
          http.sendAsync(syncRequest(server).build(), HttpResponse.BodyHandlers.ofString());

      await()
          .during(Duration.ofMillis(700))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !queued.isDone() && server.connections() == cap);
      idle.get(0).close();
      await().atMost(Duration.ofSeconds(5)).until(queued::isDone);
      assertThat(queued.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void cutsARequestWhoseBodyIsNotInByTheDeadlineWith408() throws Exception {
    Duration deadline = Duration.ofMillis(400);
    try (var server = server(2, limits(deadline, 64), ANYONE, prompt())) {
      Socket socket = open(server);
      long started = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              ("POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"node")
                  .getBytes(StandardCharsets.US_ASCII));

      String answer = RawHttp.readAll(socket.getInputStream());

      assertThat(RawHttp.status(answer)).isEqualTo(408);
      assertThat(answer).contains("application/problem+json").contains("\"status\":408");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(deadline)
          .isLessThan(Duration.ofSeconds(5));
      assertThat(server.served().requests()).isZero();
    }
  }

  @Test
  void cutsAConnectionThatKeepsTricklingItsHeadersPastTheDeadline() throws Exception {
    Duration deadline = Duration.ofMillis(400);
    try (var server = server(2, limits(deadline, 64), ANYONE, prompt())) {
      Socket socket = open(server);
      OutputStream out = socket.getOutputStream();
      Thread trickler =
          new Thread(
              () -> {
                // a slowloris: one byte every 50 ms, well inside the idle timeout
                try {
                  out.write("POST /api/sync HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                  for (int i = 0; i < 200; i++) {
                    out.write('X');
                    Thread.sleep(50);
                  }
                } catch (IOException | InterruptedException e) {
                  // cut off: what the test expects
                }
              });
      long started = System.nanoTime();
      trickler.start();

      int read;
      try {
        read = socket.getInputStream().read();
      } catch (java.net.SocketException reset) {
        read = -1;
      }

      assertThat(read).as("the server closed the connection").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(deadline)
          .isLessThan(Duration.ofSeconds(5));
      trickler.interrupt();
      trickler.join();
    }
  }

  @Test
  void cutsAPeerThatTakesItsAnswerAByteNowAndThenAndServesTheNext() throws Exception {
    Duration deadline = Duration.ofMillis(400);
    Path file = dir.resolve("large.gz");
    byte[] noise = new byte[8 << 20];
    new java.util.Random(7).nextBytes(noise);
    Files.write(file, noise);
    AtomicInteger answering = new AtomicInteger();
    // one serving slot: the slow reader holds it until it is cut
    try (var server =
        server(1, limits(deadline, 64), ANYONE, source(answering::incrementAndGet, file))) {
      Socket socket = new Socket();
      sockets.add(socket);
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5_000);
      socket.setSoTimeout(10_000);
      String request =
          "POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n"
              + "Content-Length: "
              + SYNC_BODY.length()
              + "\r\n\r\n"
              + SYNC_BODY;
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();

      // a slow reader: a byte every 20 ms, well inside the idle timeout, while the answer waits
      Thread slowReader =
          new Thread(
              () -> {
                try {
                  while (socket.getInputStream().read() >= 0) {
                    Thread.sleep(20);
                  }
                } catch (IOException | InterruptedException e) {
                  // cut off, or the test is over
                }
              });
      slowReader.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> answering.get() == 1);

      HttpResponse<byte[]> next =
          await()
              .atMost(Duration.ofSeconds(8))
              .until(
                  () ->
                      http.send(
                          syncRequest(server).header("Accept-Encoding", "gzip").build(),
                          HttpResponse.BodyHandlers.ofByteArray()),
                  // 503 while the slow reader holds the only slot
                  reply -> reply.statusCode() != 503);

      assertThat(next.statusCode()).as("the slot is free again").isEqualTo(200);
      assertThat(next.body()).as("a peer that reads gets the whole answer").isEqualTo(noise);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("cut after a request timeout's worth of waiting")
          .isGreaterThanOrEqualTo(deadline);
      slowReader.interrupt();
      socket.close();
      slowReader.join();
    }
  }

  @Test
  void servesAKeptAliveConnectionThatComesBackAfterTheDeadline() throws Exception {
    Duration deadline = Duration.ofMillis(300);
    try (var server = server(2, limits(deadline, 64), ANYONE, prompt())) {
      Socket socket = open(server);
      String request =
          "POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
              + SYNC_BODY.length()
              + "\r\n\r\n"
              + SYNC_BODY;
      for (int i = 0; i < 3; i++) {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(readOneAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
        // a peer syncing again later on the same connection: it must not count as one slow request
        Thread.sleep(3 * deadline.toMillis());
      }
    }
  }

  /** Reads the head and the Content-Length body of one answer, leaving the connection open. */
  private static String readOneAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    assertThat(length.find()).as(head.toString()).isTrue();
    in.readNBytes(Integer.parseInt(length.group(1)));
    return head.toString();
  }

  @ParameterizedTest(name = "declared length: {0}")
  @ValueSource(booleans = {true, false})
  void refusesABodyLargerThanTheCapWith413(boolean declared) throws Exception {
    int cap = 1024;
    ListenerLimits small =
        new ListenerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), cap, 64);
    try (var server = server(2, small, ANYONE, prompt())) {
      byte[] body = ("{\"nodeId\":\"" + "x".repeat(cap) + "\"}").getBytes(StandardCharsets.UTF_8);
      HttpRequest.BodyPublisher publisher =
          declared
              ? HttpRequest.BodyPublishers.ofByteArray(body)
              : HttpRequest.BodyPublishers.ofInputStream(
                  () -> new java.io.ByteArrayInputStream(body));

      HttpResponse<String> response = send(syncRequest(server).POST(publisher).build());

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("\"status\":413").contains("larger than 1024 bytes");
      assertThat(server.served().requests()).isZero();
    }
  }

  @Test
  void answersOtherPathsAndMethodsWithProblemDetails() throws Exception {
    try (var server = server(2, ListenerLimits.defaults(), ANYONE, prompt())) {
      String base = "http://127.0.0.1:" + server.address().getPort();
      HttpResponse<String> get =
          send(HttpRequest.newBuilder(URI.create(base + "/api/sync")).GET().build());
      HttpResponse<String> elsewhere =
          send(HttpRequest.newBuilder(URI.create(base + "/api/other")).GET().build());

      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("Allow")).contains("POST");
      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(elsewhere.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
    }
  }

  @Test
  void refusesOversizedHeadersWithProblemDetails() throws Exception {
    try (var server = server(2, ListenerLimits.defaults(), ANYONE, prompt())) {
      String answer =
          RawHttp.exchange(
              server.address(),
              "POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: "
                  + "j".repeat(ListenerLimits.MAX_HEADER_BYTES)
                  + "\r\nContent-Length: 0\r\n\r\n");

      assertThat(RawHttp.status(answer)).isEqualTo(431);
      assertThat(answer).contains("application/problem+json");
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
