package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the agent takes from a resource manager that answers wrongly: nothing, and no crash. */
class RegistryClientTest {
  private HttpServer registry;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
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
    return new RegistryClient(api, () -> "token", SSLContext.getDefault());
  }

  @Test
  void refusesAnAnswerLargerThanItsCapAsUnavailable() throws Exception {
    byte[] huge = new byte[RegistryClient.MAX_ANSWER_BYTES + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    try (var client = answering(huge)) {
      assertThatThrownBy(() -> client.sources("me", 0))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("longer than " + RegistryClient.MAX_ANSWER_BYTES);
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
