package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lookup listener over real loopback sockets, with requests written by hand. */
class LookupServerTest {
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private static final LookupServer.Lookups BOOK =
      new LookupServer.Lookups() {
        @Override
        public byte[] search(Map<String, String> query) {
          return utf8(
              Json.createArrayBuilder()
                  .add(Json.createObjectBuilder().add("q", query.getOrDefault("q", "")))
                  .build());
        }

        @Override
        public byte[] contact(String id) {
          return "ann".equals(id) ? utf8(Json.createObjectBuilder().add("id", id).build()) : null;
        }

        @Override
        public JsonStructure status() {
          return Json.createObjectBuilder().add("version", 7).build();
        }
      };

  private static byte[] utf8(JsonStructure json) {
    return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static LookupServer server(Optional<String> token) throws IOException {
    return new LookupServer(LOOPBACK, ListenerLimits.defaults(), token, BOOK);
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"localhost", "127.0.0.1", "127.9.9.9", "[::1]"})
  void answersRequestsAddressedToALoopbackName(String host) throws IOException {
    try (var server = server(Optional.empty())) {
      String answer =
          RawHttp.exchange(
              server.address(),
              RawHttp.get("/lookup/status", host + ":" + server.address().getPort()));

      assertThat(RawHttp.status(answer)).isEqualTo(200);
      assertThat(answer).contains("{\"version\":7}");
    }
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"rebound.evil.example", "localhost.evil.example", "192.0.2.1"})
  void refusesRequestsAddressedToAForeignNameWith403(String host) throws IOException {
    try (var server = server(Optional.empty())) {
      String answer =
          RawHttp.exchange(
              server.address(),
              RawHttp.get("/lookup/contacts?q=a", host + ":" + server.address().getPort()));

      assertThat(RawHttp.status(answer)).isEqualTo(403);
      assertThat(answer).contains("application/problem+json").contains("\"status\":403");
      assertThat(answer).doesNotContain("\"q\"");
    }
  }

  @Test
  void refusesARequestWithoutAHost() throws IOException {
    try (var server = server(Optional.empty())) {
      String answer = RawHttp.exchange(server.address(), "GET /lookup/status HTTP/1.0\r\n\r\n");

      assertThat(RawHttp.status(answer)).isEqualTo(403);
    }
  }

  @Test
  void requiresTheLocalTokenWhenOneIsConfigured() throws IOException {
    try (var server = server(Optional.of("s3cret-token"))) {
      String host = "localhost:" + server.address().getPort();
      String none = RawHttp.exchange(server.address(), RawHttp.get("/lookup/status", host));
      String wrong =
          RawHttp.exchange(
              server.address(),
              RawHttp.get("/lookup/status", host, "Authorization: Bearer s3cret-tokem"));
      String right =
          RawHttp.exchange(
              server.address(),
              RawHttp.get("/lookup/contacts/ann", host, "Authorization: Bearer s3cret-token"));

      assertThat(RawHttp.status(none)).isEqualTo(401);
      assertThat(none)
          .contains("WWW-Authenticate: Bearer realm=\"peerbook-lookup\"")
          .contains("application/problem+json");
      assertThat(RawHttp.status(wrong)).isEqualTo(401);
      assertThat(RawHttp.status(right)).isEqualTo(200);
      assertThat(right).contains("{\"id\":\"ann\"}");
    }
  }

  @Test
  void answersSearchesUnknownContactsAndOtherMethods() throws IOException {
    try (var server = server(Optional.empty())) {
      String host = "127.0.0.1:" + server.address().getPort();
      String search =
          RawHttp.exchange(server.address(), RawHttp.get("/lookup/contacts?q=J%C3%BCrg", host));
      String unknown =
          RawHttp.exchange(server.address(), RawHttp.get("/lookup/contacts/nobody", host));
      String post =
          RawHttp.exchange(
              server.address(),
              "POST /lookup/status HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

      assertThat(RawHttp.status(search)).isEqualTo(200);
      assertThat(search).contains("\"q\":\"Jürg\"");
      assertThat(RawHttp.status(unknown)).isEqualTo(404);
      assertThat(unknown).contains("no contact nobody");
      assertThat(RawHttp.status(post)).isEqualTo(405);
    }
  }

  @Test
  void answersPromptlyWhileManyConnectionsTrickleHeaders() throws IOException {
    try (var server = server(Optional.empty())) {
      Socket[] slow = new Socket[20];
      try {
        for (int i = 0; i < slow.length; i++) {
          slow[i] = RawHttp.connect(server.address(), Duration.ofSeconds(10));
          OutputStream out = slow[i].getOutputStream();
          out.write("GET /lookup/st".getBytes(StandardCharsets.US_ASCII));
        }
        long started = System.nanoTime();

        String answer =
            RawHttp.exchange(
                server.address(),
                RawHttp.get("/lookup/status", "localhost:" + server.address().getPort()));

        assertThat(RawHttp.status(answer)).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      } finally {
        for (Socket socket : slow) {
          if (socket != null) {
            socket.close();
          }
        }
      }
    }
  }
}
