package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Attacks of one registered node on another: taking over its id, its sync address, or speaking for
 * it at the registry. Each must fail and leave the victim as it was.
 */
class NodeClaimsIT extends ArquillianIT {

  private static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static String registration(String nodeId, String syncAddress) {
    return Json.createObjectBuilder()
        .add("nodeId", nodeId)
        .add("syncAddress", syncAddress)
        .add("networkAddress", "127.0.9.9")
        .add("version", 0)
        .add("credential", Registrations.SECRET)
        .build()
        .toString();
  }

  @Test
  void refusesALiveNodesIdToAnyoneButThatNode() {
    String victim = id("victim");
    Registrations.registered(api, victim, "127.0.9.1", 0);
    String mallory = id("mallory");
    Registrations.registered(api, mallory, "127.0.9.2", 0);
    String victimAddress = Registrations.syncAddress(victim, "127.0.9.1");

    Http.Reply anonymous = api.post("registry/nodes", registration(victim, "http://127.0.9.2:1/s"));
    Http.Reply withOwnToken =
        api.post(
            "registry/nodes",
            registration(victim, "http://127.0.9.2:1/s"),
            Registrations.asNode(mallory));
    Http.Reply withForgedToken =
        api.post(
            "registry/nodes",
            registration(victim, "http://127.0.9.2:1/s"),
            "Authorization",
            "Bearer v1.dmljdGlt.9999999999.AAAA");

    for (Http.Reply refused : new Http.Reply[] {anonymous, withOwnToken, withForgedToken}) {
      ContactsApiIT.assertProblem(refused, 409);
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 15L);
    }
    assertThat(api.get("registry/admin/nodes/" + victim).object().getString("syncAddress"))
        .isEqualTo(victimAddress);
    // the victim itself may register again, with its token
    assertThat(Registrations.register(api, victim, "127.0.9.1", 0).status()).isEqualTo(200);
  }

  @Test
  void refusesTheTokensANodeHeldBeforeItLeftButNotTheOnesItGotAfterwards() {
    String node = id("returning");
    Registrations.registered(api, node, "127.0.9.7", 0);
    String[] before = Registrations.asNode(node);
    assertThat(api.delete("registry/nodes/" + node, before).status()).isEqualTo(204);

    // within the second of the revocation a new token could not be told from the old ones
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Registrations.register(api, node, "127.0.9.7", 0).status() == 200);
    String[] after = Registrations.asNode(node);

    ContactsApiIT.assertProblem(
        api.put("registry/nodes/" + node + "/heartbeat", "{\"version\":0,\"load\":0}", before),
        401);
    ContactsApiIT.assertProblem(api.get("registry/nodes/" + node + "/sources", before), 401);
    ContactsApiIT.assertProblem(
        api.post("registry/nodes", registration(node, "http://127.0.9.8:1/s"), before), 409);
    assertThat(
            api.put("registry/nodes/" + node + "/heartbeat", "{\"version\":0,\"load\":0}", after)
                .status())
        .isEqualTo(200);
  }

  @Test
  void refusesASyncEndpointALiveNodeHoldsUntilItLeaves() {
    String holder = id("holder");
    Registrations.registered(api, holder, "127.0.9.3", 0);
    String address = Registrations.syncAddress(holder, "127.0.9.3");
    String claimant = id("claimant");

    Http.Reply same = api.post("registry/nodes", registration(claimant, address));
    Http.Reply otherPath =
        api.post(
            "registry/nodes", registration(claimant, address.replace("/api/sync", "/elsewhere/")));
    Http.Reply dataServers =
        api.post(
            "registry/nodes",
            registration(
                claimant,
                api.get("registry/admin/nodes/data-server").object().getString("syncAddress")));

    ContactsApiIT.assertProblem(same, 409);
    ContactsApiIT.assertProblem(otherPath, 409);
    ContactsApiIT.assertProblem(dataServers, 409);
    assertThat(same.object().getString("detail")).contains(holder);
    ContactsApiIT.assertProblem(api.get("registry/admin/nodes/" + claimant), 404);

    assertThat(api.delete("registry/nodes/" + holder, Registrations.asNode(holder)).status())
        .isEqualTo(204);
    Http.Reply afterwards = api.post("registry/nodes", registration(claimant, address));
    assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(200);
  }

  @Test
  void letsNoNodeSpeakForAnotherAtTheRegistry() {
    String victim = id("quiet");
    Registrations.registered(api, victim, "127.0.9.4", 0);
    String mallory = id("speaker");
    Registrations.registered(api, mallory, "127.0.9.5", 0);
    Registrations.registered(api, id("witness"), "127.0.9.6", 0);
    String[] malloryToken = Registrations.asNode(mallory);
    String path = "registry/nodes/" + victim;

    ContactsApiIT.assertProblem(
        api.put(path + "/heartbeat", "{\"version\":99,\"load\":0}", malloryToken), 403);
    ContactsApiIT.assertProblem(api.get(path + "/sources", malloryToken), 403);
    ContactsApiIT.assertProblem(
        api.post(
            path + "/reports", "{\"nodeId\":\"" + mallory + "\",\"reason\":\"x\"}", malloryToken),
        403);
    ContactsApiIT.assertProblem(api.delete(path, malloryToken), 403);
    ContactsApiIT.assertProblem(api.delete(path), 401);
    ContactsApiIT.assertProblem(api.delete(path, "Authorization", "Bearer forged"), 401);

    var shown = api.get("registry/admin/nodes/" + victim).object();
    assertThat(shown.getInt("version")).isZero();
  }
}
