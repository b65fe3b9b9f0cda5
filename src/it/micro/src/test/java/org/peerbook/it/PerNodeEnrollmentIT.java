package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code peerbook.registry.enrollment=per-node} only a node an administrator issued a
 * credential for may register, under exactly that id; withdrawing the credential evicts it for
 * good.
 */
class PerNodeEnrollmentIT {

  @Test
  void registersOnlyNodesWithTheirOwnIssuedCredential() {
    var home = ServerProcess.workDirectory("per-node");
    try (var server =
            new ServerProcess(
                    home.resolve("server"), Map.of("peerbook.registry.enrollment", "per-node"))
                .start();
        var agent = new AgentProcess(home.resolve("agent"))) {
      Http api = server.api();
      assertThat(api.put("contacts/pn-1", "{\"displayName\":\"Per Node\"}").status())
          .isEqualTo(200);

      Http.Reply issued = api.post("registry/admin/credentials/laptop-1", "");
      assertThat(issued.status()).as(issued.body()).isEqualTo(201);
      String credential = issued.object().getString("credential");
      assertThat(issued.object().getString("mode")).isEqualTo("per-node");
      assertThat(api.post("registry/admin/credentials/laptop-2", "").status()).isEqualTo(201);

      ContactsApiIT.assertProblem(register(api, "laptop-1", Registrations.SECRET), 403);
      ContactsApiIT.assertProblem(register(api, "laptop-3", credential), 403);
      ContactsApiIT.assertProblem(register(api, "laptop-2", credential), 403);
      ContactsApiIT.assertProblem(
          Http.anonymous(api.base()).post("registry/admin/credentials/laptop-4", ""), 401);
      assertThat(api.get("registry/admin/credentials").json().asJsonArray())
          .extracting(c -> c.asJsonObject().getString("nodeId"))
          .containsExactly("laptop-1", "laptop-2")
          .allSatisfy(id -> assertThat(id).doesNotContain(credential));

      // a real agent registers and syncs under the id its credential was issued for
      agent.start(
          api.base(), "127.0.47.1", "--node-id", "laptop-1", "--enrollment-secret", credential);
      AgentWalkThroughIT.awaitVersion(agent, BookChecks.head(api).version());

      assertThat(api.delete("registry/admin/credentials/laptop-1").status()).isEqualTo(204);

      assertThat(api.get("registry/admin/nodes").json().asJsonArray())
          .extracting(node -> node.asJsonObject().getString("nodeId"))
          .doesNotContain("laptop-1");
      ContactsApiIT.assertProblem(register(api, "laptop-1", credential), 403);
      ContactsApiIT.assertProblem(api.delete("registry/admin/credentials/laptop-1"), 404);
      Http.Reply reissued = api.post("registry/admin/credentials/laptop-2", "");
      assertThat(reissued.status()).isEqualTo(200);
      assertThat(reissued.object().getString("credential")).isNotEqualTo(credential);
      assertThat(reissued.object().get("credential")).isNotEqualTo(JsonValue.NULL);

      // issuing a credential anew revokes what the earlier one earned: the node leaves the table,
      // its token is refused, and only the new credential registers it again
      String earlier = reissued.object().getString("credential");
      // issuing revoked the node's tokens up to that second: a registration within it waits 1 s
      Http.Reply registered =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> register(api, "laptop-2", earlier),
                  reply -> {
                    assertThat(reply.status()).as(reply.body()).isIn(200, 409);
                    return reply.status() == 200;
                  });
      String token = "Bearer " + registered.object().getJsonObject("token").getString("value");
      assertThat(api.post("registry/admin/credentials/laptop-2", "").status()).isEqualTo(200);
      assertThat(api.get("registry/admin/nodes").json().asJsonArray())
          .extracting(node -> node.asJsonObject().getString("nodeId"))
          .doesNotContain("laptop-2");
      ContactsApiIT.assertProblem(
          api.put(
              "registry/nodes/laptop-2/heartbeat",
              "{\"version\":0,\"load\":0}",
              "Authorization",
              token),
          404);
      ContactsApiIT.assertProblem(register(api, "laptop-2", earlier), 403);
    }
  }

  private static Http.Reply register(Http api, String nodeId, String credential) {
    return api.post(
        "registry/nodes", Registrations.registration(nodeId, "127.0.46.1", 0, credential));
  }
}
