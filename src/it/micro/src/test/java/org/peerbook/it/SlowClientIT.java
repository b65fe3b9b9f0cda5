package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request bodies a byte now and then hold none of the server's threads:
 * more of them than Payara Micro has request threads (200) drip into the sync API while a node
 * registers and syncs as usual. Each address may have a few bodies arriving at once (then 429 at
 * once), each body must arrive within its deadline (then 408), an announced body over the limit
 * gets 413 at once; every refusal carries problem details and asks to close its connection. Bodies
 * that come in pieces, but within the deadline, are served.
 */
class SlowClientIT {
  private static final int PER_ADDRESS = 8;
  private static final int ADDRESSES = 30;
  private static final int BODY_TIMEOUT_MS = 15_000;

  @Test
  void dripFedBodiesHoldNoThreadAndAreCutAtTheirDeadline() throws Exception {
    try (var server =
            new ServerProcess(
                    ServerProcess.workDirectory("slow-clients"),
                    Map.of(
                        "peerbook.api.body-timeout-ms", Integer.toString(BODY_TIMEOUT_MS),
                        "peerbook.limits.bodies-per-address", Integer.toString(PER_ADDRESS)))
                .start();
        var drips = new Drips(server.port())) {
      for (int a = 0; a < ADDRESSES; a++) {
        for (int i = 0; i < PER_ADDRESS; i++) {
          drips.open("127.0.0." + (2 + a));
        }
      }
      Http api = server.api();

      // 240 bodies arriving: were each one holding a thread, these would wait for one
      String[] token =
          assertTimeoutPreemptively(
              Duration.ofSeconds(6), () -> BookChecks.enrolled(api, "patient"), "registration");
      String sync = BookChecks.syncRequest("patient", 0, BookChecks.ZERO, 10);
      Http.Reply served =
          assertTimeoutPreemptively(
              Duration.ofSeconds(6), () -> api.post("sync", sync, token), "sync");
      assertThat(served.status()).isEqualTo(200);

      // one more from an address with its allowance arriving: refused before it is read
      Raw crowded = Raw.connect("127.0.0.2", server.port());
      crowded.send(head(1_000, null));
      Reply refused = crowded.reply();
      assertProblem(refused, 429, "127.0.0.2");
      assertThat(refused.headers()).containsKey("retry-after");
      assertThat(refused.headers()).containsEntry("connection", "close");

      // announced larger than the limit: refused at once
      Raw large = Raw.connect("127.0.0.1", server.port());
      large.send(head(2 * 1024 * 1024, null));
      Reply tooLarge = large.reply();
      assertProblem(tooLarge, 413, "1048576");
      assertThat(tooLarge.headers()).containsEntry("connection", "close");

      // bodies that come in pieces, but in time, are served like any other: a sync request, a
      // heartbeat answered at once, one held until its wait is over, a console sign-in (whose
      // resource is request-scoped)
      byte[] body = sync.getBytes(StandardCharsets.UTF_8);
      Reply whole = inPieces(server.port(), head(body.length, token[1]), body);
      assertThat(whole.status()).isEqualTo(200);
      assertThat(Json.createReader(new StringReader(whole.body())).readObject().getString("kind"))
          .isNotBlank();
      byte[] beat = Registrations.heartbeat(api, 0, 0).getBytes(StandardCharsets.UTF_8);
      String heartbeats = "PUT /api/registry/nodes/patient/heartbeat";
      String registryToken = Registrations.asNode("patient")[1];
      Reply renewed = inPieces(server.port(), head(heartbeats, beat.length, registryToken), beat);
      assertThat(renewed.status()).isEqualTo(200);
      assertThat(renewed.body()).contains("leaseSeconds");
      long start = System.nanoTime();
      Reply held =
          inPieces(server.port(), head(heartbeats + "?wait=2", beat.length, registryToken), beat);
      assertThat(held.status()).isEqualTo(200);
      assertThat(held.body()).contains("leaseSeconds");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(1));
      byte[] signIn =
          Json.createObjectBuilder()
              .add("name", "nobody")
              .add("password", "not a password of anyone")
              .build()
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      assertProblem(
          inPieces(server.port(), head("POST /api/session", signIn.length, null), signIn), 401, "");

      // every drip is answered once its deadline passed
      List<Reply> late = drips.replies();
      assertThat(late).hasSize(ADDRESSES * PER_ADDRESS);
      assertThat(late)
          .allSatisfy(
              reply -> {
                assertProblem(reply, 408, "did not arrive within");
                assertThat(reply.headers()).containsEntry("connection", "close");
              });

      // the addresses' allowances are free again
      Raw after = Raw.connect("127.0.0.2", server.port());
      after.send(head(body.length, token[1]));
      after.send(body);
      assertThat(after.reply().status()).isEqualTo(200);
    }
  }

  /**
   * The body's deadline bounds its arrival only: once it is in, the request may be served for
   * longer (a heartbeat held until the head moves; a grid write waiting on a stalled member).
   * Payara kept the async context's timeout on the dispatched request, and answered its own HTML
   * 500 when it ran out.
   */
  @Test
  void aBodyThatCameInPiecesMayBeServedLongerThanItsDeadline() throws Exception {
    long deadlineMillis = 2_000;
    try (var server =
        new ServerProcess(
                ServerProcess.workDirectory("slow-clients-served-long"),
                Map.of("peerbook.api.body-timeout-ms", Long.toString(deadlineMillis)))
            .start()) {
      Http api = server.api();
      BookChecks.enrolled(api, "held-long");
      byte[] beat = Registrations.heartbeat(api, 0, 0).getBytes(StandardCharsets.UTF_8);
      String registryToken = Registrations.asNode("held-long")[1];
      // held up to a third of the lease (15 s here): 5 s
      long start = System.nanoTime();
      Reply held =
          inPieces(
              server.port(),
              head(
                  "PUT /api/registry/nodes/held-long/heartbeat?wait=30",
                  beat.length,
                  registryToken),
              beat);
      assertThat(held.status()).as(held.body()).isEqualTo(200);
      assertThat(held.body()).contains("leaseSeconds");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThan(Duration.ofMillis(2 * deadlineMillis));
    }
  }

  /** Sends {@code head}, then {@code body} in three pieces a little apart; the answer. */
  private static Reply inPieces(int port, byte[] head, byte[] body) throws Exception {
    Raw raw = Raw.connect("127.0.0.1", port);
    int third = body.length / 3;
    raw.send(head);
    raw.send(Arrays.copyOfRange(body, 0, third));
    Thread.sleep(300);
    raw.send(Arrays.copyOfRange(body, third, 2 * third));
    Thread.sleep(300);
    raw.send(Arrays.copyOfRange(body, 2 * third, body.length));
    return raw.reply();
  }

  private static void assertProblem(Reply reply, int status, String detail) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
    JsonObject problem = Json.createReader(new StringReader(reply.body())).readObject();
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
  }

  private static byte[] head(long contentLength, String authorization) {
    return head("POST /api/sync", contentLength, authorization);
  }

  /**
   * @param request method and path
   */
  private static byte[] head(String request, long contentLength, String authorization) {
    return (request
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "Content-Length: "
            + contentLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** An HTTP/1.1 response as it came off the wire. */
  record Reply(int status, Map<String, String> headers, String body) {}

  /** One connection from a chosen loopback address, written and read byte by byte. */
  record Raw(Socket socket) {
    static Raw connect(String from, int port) {
      try {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(BODY_TIMEOUT_MS + 20_000);
        return new Raw(socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void send(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    Reply reply() throws IOException {
      InputStream in = socket.getInputStream();
      String[] lines = headLines(in).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String headLines(InputStream in) throws IOException {
      var head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed before a response: " + head);
        }
        head.write(b);
      }
      return head.toString(StandardCharsets.US_ASCII).strip();
    }
  }

  /** Connections each sending a sync request's head, then one byte of its body a second. */
  static final class Drips implements AutoCloseable {
    private final int port;
    private final List<Raw> connections = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();

    Drips(int port) {
      this.port = port;
      dripper.scheduleWithFixedDelay(this::drip, 1, 1, TimeUnit.SECONDS);
    }

    void open(String from) throws IOException {
      Raw raw = Raw.connect(from, port);
      raw.send(head(1_000, null));
      raw.send(new byte[] {'{'});
      connections.add(raw);
    }

    private void drip() {
      for (Raw raw : connections) {
        try {
          raw.send(new byte[] {' '});
        } catch (IOException answeredAndClosed) {
          // the server answered it: nothing more to send there
        }
      }
    }

    /** Each connection's answer, once it came. */
    List<Reply> replies() throws IOException {
      List<Reply> replies = new ArrayList<>();
      for (Raw raw : connections) {
        replies.add(raw.reply());
      }
      return replies;
    }

    @Override
    public void close() throws IOException {
      dripper.shutdownNow();
      for (Raw raw : connections) {
        raw.socket().close();
      }
    }
  }
}
