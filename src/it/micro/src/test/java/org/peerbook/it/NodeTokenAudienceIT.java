package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a node shows a peer to read the book (its peer token) cannot be replayed to the registry,
 * and its registry token reads nothing; the registry tells a node where another is listed (F4).
 */
class NodeTokenAudienceIT extends SharedServerIT {

  private static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  @Test
  void aPeerTokenCannotSpeakForItsNodeToTheRegistry() {
    String node = id("harvested");
    Registrations.registered(api, node, "127.0.31.1", 0);
    String other = id("other");
    Registrations.registered(api, other, "127.0.31.2", 0);
    String[] peerToken = Registrations.asPeer(node);
    String path = "registry/nodes/" + node;

    Http.Reply[] refused = {
      api.put(path + "/heartbeat", "{\"version\":1,\"load\":0}", peerToken),
      api.get(path + "/sources", peerToken),
      api.post(path + "/reports", "{\"nodeId\":\"" + other + "\",\"reason\":\"x\"}", peerToken),
      api.get(path + "/peers/" + other, peerToken),
      api.delete(path, peerToken),
    };

    for (Http.Reply reply : refused) {
      ContactsApiIT.assertProblem(reply, 401);
      assertThat(reply.object().getString("detail")).contains("audience is peer");
    }
    // nor does it prove, at registration, that a harvester is the node whose lease runs
    ContactsApiIT.assertProblem(
        api.post("registry/nodes", Registrations.registration(node, "127.0.31.9", 0), peerToken),
        409);
    assertThat(
            api.put(path + "/heartbeat", "{\"version\":1,\"load\":0}", Registrations.asNode(node))
                .status())
        .isEqualTo(200);
    assertThat(api.get("registry/admin/nodes/" + node).status()).isEqualTo(200);
  }

  @Test
  void theSyncApiTakesPeerTokensOnly() {
    String node = id("reader");
    Registrations.registered(api, node, "127.0.31.3", 0);
    String request = BookChecks.syncRequest(node, 0, BookChecks.ZERO, 10);

    Http.Reply withRegistryToken = api.post("sync", request, Registrations.asNode(node));
    Http.Reply withPeerToken = api.post("sync", request, Registrations.asPeer(node));

    ContactsApiIT.assertProblem(withRegistryToken, 401);
    assertThat(withRegistryToken.object().getString("detail")).contains("audience is registry");
    assertThat(withPeerToken.status()).as(withPeerToken.body()).isEqualTo(200);
  }

  @Test
  void tellsANodeWhereAnotherIsListed() {
    String asking = id("asking");
    Registrations.registered(api, asking, "127.0.31.4", 0);
    String listed = id("listed");
    // a version above 0 counts only with its signed head: the data server's current one
    long head = BookChecks.head(api).version();
    Registrations.registered(api, listed, "127.0.31.5", head);
    String path = "registry/nodes/" + asking + "/peers/";

    Http.Reply found = api.get(path + listed, Registrations.asNode(asking));
    Http.Reply unknown = api.get(path + id("nobody"), Registrations.asNode(asking));
    Http.Reply anonymous = api.get(path + listed);
    Http.Reply asSomeoneElse = api.get(path + listed, Registrations.asNode(listed));

    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.object().getString("nodeId")).isEqualTo(listed);
    assertThat(found.object().getString("syncAddress"))
        .isEqualTo(Registrations.syncAddress(listed, "127.0.31.5"));
    assertThat(found.object().getJsonNumber("version").longValue()).isEqualTo(head);
    ContactsApiIT.assertProblem(unknown, 404);
    ContactsApiIT.assertProblem(anonymous, 401);
    ContactsApiIT.assertProblem(asSomeoneElse, 403);
  }
}
