package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The whole flow over TLS, with certificates from a test CA: administrators and agents reach the
 * data server over HTTPS, agents serve each other over HTTPS, and nobody who does not trust the CA
 * gets through.
 */
class TlsIT {
  private static final Map<String, String> SETTINGS =
      Map.of(
          "peerbook.registry.lease-seconds",
          "6",
          "peerbook.registry.enrollment-secret",
          Registrations.SECRET);

  @Test
  void syncsFromTheDataServerAndBetweenAgentsOverHttpsOnly() throws Exception {
    Path home = ServerProcess.workDirectory("tls");
    TestCa ca = TestCa.create(home.resolve("ca"));
    Path serverKeys = ca.issue("data-server", "dns:localhost", "ip:127.0.0.1");
    try (var server =
            new ServerProcess(home.resolve("server"), SETTINGS)
                .withTls(serverKeys, "data-server")
                .start();
        var a = new AgentProcess(home.resolve("agent-a"));
        var b = new AgentProcess(home.resolve("agent-b"));
        var distrustful = new AgentProcess(home.resolve("agent-c"))) {
      Http api = server.tlsApi(ca.trustingContext());
      var contacts = Json.createArrayBuilder();
      for (int i = 0; i < 30; i++) {
        contacts.add(
            Json.createObjectBuilder().add("id", "tls-" + i).add("displayName", "王芳 " + i));
      }
      assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      long head = BookChecks.head(api).version();
      assertThat(api.get("registry/admin/nodes/data-server").object().getString("syncAddress"))
          .startsWith("https://localhost:");

      a.start(api.base(), "127.0.31.1", tls(ca, ca.issue("agent-a", "ip:127.0.31.1")));
      AgentWalkThroughIT.awaitVersion(a, head);
      long servedAfterA = AgentWalkThroughIT.requestsServed(api);
      b.start(api.base(), "127.0.32.1", tls(ca, ca.issue("agent-b", "ip:127.0.32.1")));
      AgentWalkThroughIT.awaitVersion(b, head);

      String syncAddressOfA = a.status().getString("syncAddress");
      assertThat(syncAddressOfA).startsWith("https://127.0.31.1:");
      assertThat(b.status().getString("syncAddress")).startsWith("https://127.0.32.1:");
      assertThat(b.status().getJsonArray("lastSources").getString(0)).isEqualTo(a.nodeId());
      assertThat(AgentWalkThroughIT.requestsServed(api))
          .as("B copied from A, over HTTPS")
          .isEqualTo(servedAfterA);
      AgentWalkThroughIT.assertSameBook(api, b);

      // a client that trusts only the JDK's CAs is turned away by the agent's TLS
      HttpClient jdkTrust = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  jdkTrust.send(
                      HttpRequest.newBuilder(URI.create(syncAddressOfA))
                          .POST(HttpRequest.BodyPublishers.ofString("{}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);

      // nor does an agent without the CA ever reach the data server, not even for its key
      distrustful.launch(api.base(), "127.0.33.1");
      await("the agent without the CA refuses the data server's certificate")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> Files.readString(distrustful.log()).contains("PKIX"));
      assertThat(distrustful.isAlive()).as("it keeps trying, as with a data server down").isTrue();
      assertThat(api.get("registry/admin/nodes").json().asJsonArray())
          .extracting(node -> node.asJsonObject().getString("nodeId"))
          .containsExactlyInAnyOrder("data-server", a.nodeId(), b.nodeId());
    }
  }

  private static String[] tls(TestCa ca, Path keystore) {
    return new String[] {
      "--tls-keystore",
      keystore.toString(),
      "--tls-keystore-password",
      TestCa.PASSWORD,
      "--tls-truststore",
      ca.truststore().toString(),
      "--tls-truststore-password",
      TestCa.PASSWORD
    };
  }
}
