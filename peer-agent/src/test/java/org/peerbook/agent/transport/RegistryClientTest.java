package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the agent takes from a resource manager that answers wrongly: nothing, and no crash. */
class RegistryClientTest {
  private HttpServer registry;

  private final List<HttpServer> members = new ArrayList<>();

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
    members.forEach(member -> member.stop(0));
  }

  private RegistryClient answering(byte[] body) throws Exception {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext(
        "/api",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            } catch (IOException closedEarly) {
              // the client stopped reading at its cap: what the test wants
            }
          }
        });
    registry.start();
    URI api = URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/api");
    return new RegistryClient(List.of(api), () -> "token", SSLContext.getDefault());
  }

  /** A server at its own port that answers every request with {@code status} and {@code body}. */
  private HttpServer member(int status, String body, AtomicInteger requests) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
    server.start();
    members.add(server);
    return server;
  }

  private static RegistryClient inOrder(URI... apis) throws Exception {
    return new RegistryClient(
        ServerAddresses.inOrder(List.of(apis)),
        () -> "token",
        SSLContext.getDefault(),
        RegistryClient.CALL_DEADLINE,
        sent -> {});
  }

  private static URI api(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
  }

  /** An address where nothing listens: a member that was killed. */
  private static URI deadMember() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api");
    }
  }

  @Test
  void failsOverToTheNextMemberAndStaysThere() throws Exception {
    var busy = new AtomicInteger();
    var healthy = new AtomicInteger();
    HttpServer unready = member(503, "{\"title\":\"Not ready\"}", busy);
    HttpServer ready = member(200, "{\"sources\":[],\"headVersion\":7}", healthy);
    try (var client = inOrder(deadMember(), api(unready), api(ready))) {
      assertThat(client.sources("me", 0).headVersion()).isEqualTo(7);
      assertThat(client.sources("me", 0).headVersion()).isEqualTo(7);

      // the second call went straight to the member that answered
      assertThat(busy).hasValue(1);
      assertThat(healthy).hasValue(2);
    }
  }

  @Test
  void aMemberThatTakesTheRequestAndNeverAnswersLeavesTimeForTheNext() throws Exception {
    var healthy = new AtomicInteger();
    HttpServer ready = member(200, "{\"sources\":[],\"headVersion\":7}", healthy);
    // the kernel completes the connection into the backlog; nobody ever reads the request
    try (ServerSocket stalled = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        var client =
            new RegistryClient(
                ServerAddresses.inOrder(
                    List.of(
                        URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/api"),
                        api(ready))),
                () -> "token",
                SSLContext.getDefault(),
                Duration.ofSeconds(4),
                sent -> {})) {
      long started = System.nanoTime();

      assertThat(client.sources("me", 0).headVersion()).isEqualTo(7);

      // the stalled member had half the deadline, the healthy one the rest
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
      assertThat(healthy).hasValue(1);
    }
  }

  @Test
  void aCallGivesUpAtItsDeadlineWhenNoMemberAnswers() throws Exception {
    try (ServerSocket stalled = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        var client =
            new RegistryClient(
                ServerAddresses.inOrder(
                    List.of(URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/api"))),
                () -> "token",
                SSLContext.getDefault(),
                Duration.ofSeconds(1),
                sent -> {})) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.heartbeat("me", Optional.empty(), 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anAnswerThatIsNotAboutTheMemberIsNotFailedOver() throws Exception {
    var first = new AtomicInteger();
    var second = new AtomicInteger();
    HttpServer unknownNode = member(404, "{\"title\":\"Unknown node\"}", first);
    HttpServer other = member(200, "{\"sources\":[],\"headVersion\":7}", second);
    try (var client = inOrder(api(unknownNode), api(other))) {
      assertThatThrownBy(() -> client.sources("me", 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .satisfies(e -> assertThat(((RegistryUnavailableException) e).status()).isEqualTo(404));
      assertThat(second).hasValue(0);
    }
  }

  @Test
  void theTimeEachAnswerSaysItWasSentIsTold() throws Exception {
    HttpServer ready = member(200, "{\"sources\":[],\"headVersion\":7}", new AtomicInteger());
    List<Instant> dates = new ArrayList<>();
    try (var client =
        new RegistryClient(List.of(api(ready)), () -> "", SSLContext.getDefault(), dates::add)) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      client.sources("me", 0);
      client.sources("me", 0);

      // the JDK's server dates its answers by its clock, as every HTTP/1.1 server must
      assertThat(dates)
          .hasSize(2)
          .allSatisfy(sent -> assertThat(sent).isBetween(before, Instant.now()));
    }
  }

  @Test
  void whenNoMemberAnswersTheCallFailsAfterTryingEach() throws Exception {
    URI one = deadMember();
    URI two = deadMember();
    try (var client = new RegistryClient(List.of(one, two), () -> "", SSLContext.getDefault())) {
      assertThatThrownBy(() -> client.sources("me", 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("unreachable");
    }
  }

  @Test
  void refusesAnAnswerLargerThanItsCapAsUnavailable() throws Exception {
    byte[] huge = new byte[FailoverCalls.MAX_ANSWER_BYTES + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    try (var client = answering(huge)) {
      assertThatThrownBy(() -> client.sources("me", 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("longer than " + FailoverCalls.MAX_ANSWER_BYTES);
    }
  }

  @Test
  void refusesAMalformedLeaseAsUnavailable() throws Exception {
    byte[] lease =
        "{\"leaseSeconds\":60,\"headVersion\":1,\"revocations\":{},\"token\":{\"value\":\"t\"}}"
            .getBytes(StandardCharsets.UTF_8);
    try (var client = answering(lease)) {
      assertThatThrownBy(() -> client.heartbeat("me", Optional.empty(), 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("malformed");
    }
  }

  @Test
  void refusesASourceWithoutAnAbsoluteAddress() throws Exception {
    byte[] sources =
        ("{\"sources\":[{\"nodeId\":\"x\",\"syncAddress\":\"/elsewhere\",\"version\":2,"
                + "\"dataServer\":false}],\"headVersion\":2}")
            .getBytes(StandardCharsets.UTF_8);
    try (var client = answering(sources)) {
      assertThatThrownBy(() -> client.sources("me", 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("sources[0].syncAddress");
    }
  }
}
