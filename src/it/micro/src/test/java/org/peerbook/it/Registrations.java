package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.WireJson;

/**
 * Registration bodies as a node sends them, with the enrollment secret the tests configure, and the
 * node tokens the registrations earned. Each node id gets its own sync port: two live nodes never
 * share an endpoint. A version above 0 is claimed with its proof, the data server's signed head:
 * tests can prove only the current head (the registry counts an unproven claim at 0 for a new
 * node).
 */
public final class Registrations {
  /** Matches {@code PEERBOOK_REGISTRY_ENROLLMENT_SECRET} in the failsafe configuration. */
  public static final String SECRET = "it-enrollment-secret";

  private static final AtomicInteger NEXT_PORT = new AtomicInteger();
  private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
  private static final Map<String, String> PEER_TOKENS = new ConcurrentHashMap<>();
  private static final Map<URI, SignedHead> HEADS = new ConcurrentHashMap<>();

  private Registrations() {}

  public static String registration(String nodeId, String ip, long version) {
    return registration(nodeId, ip, version, SECRET);
  }

  /** A registration claiming the version {@code head} proves. */
  public static String registration(String nodeId, String ip, SignedHead head) {
    return Json.createObjectBuilder(
            Json.createReader(new StringReader(registration(nodeId, ip, head.version())))
                .readObject())
        .add("head", WireJson.toJson(head))
        .build()
        .toString();
  }

  /** A heartbeat body claiming {@code version}, proven if it is above 0 (it must be the head). */
  public static String heartbeat(Http api, long version, int load) {
    var json = Json.createObjectBuilder().add("version", version).add("load", load);
    if (version > 0) {
      json.add("head", WireJson.toJson(signedHead(api, version)));
    }
    return json.build().toString();
  }

  /** The data server's signed head, which must be at {@code version}. */
  public static SignedHead signedHead(Http api, long version) {
    SignedHead head = HEADS.get(api.base());
    if (head == null || head.version() != version) {
      var point = BookChecks.head(api);
      head = ((SyncAnswer.Equal) BookChecks.sync(api, point.version(), point.hash(), 1)).head();
      HEADS.put(api.base(), head);
    }
    if (head.version() != version) {
      throw new IllegalStateException(
          "only the current head (" + head.version() + ") can be proven, not " + version);
    }
    return head;
  }

  /**
   * @param credential {@code null} to leave it out
   */
  public static String registration(String nodeId, String ip, long version, String credential) {
    var json =
        Json.createObjectBuilder()
            .add("nodeId", nodeId)
            .add("syncAddress", syncAddress(nodeId, ip))
            .add("networkAddress", ip)
            .add("version", version);
    if (credential != null) {
      json.add("credential", credential);
    }
    return json.build().toString();
  }

  /** The sync address the registrations of {@code nodeId} name. */
  public static String syncAddress(String nodeId, String ip) {
    int port = PORTS.computeIfAbsent(nodeId, id -> 20_000 + NEXT_PORT.getAndIncrement() % 40_000);
    return "http://" + ip + ":" + port + "/api/sync";
  }

  /**
   * Registers {@code nodeId} as the node itself would: with its token if it has one, so that a
   * registration again while its lease runs proves it is the same node. Keeps the new token.
   */
  public static Http.Reply register(Http api, String nodeId, String ip, long version) {
    String token = TOKENS.get(nodeId);
    String body =
        version == 0
            ? registration(nodeId, ip, 0)
            : registration(nodeId, ip, signedHead(api, version));
    Http.Reply reply =
        token == null
            ? api.post("registry/nodes", body)
            : api.post("registry/nodes", body, "Authorization", "Bearer " + token);
    if (reply.status() == 200) {
      remember(nodeId, reply);
    }
    return reply;
  }

  /** Registers and insists it worked. */
  public static void registered(Http api, String nodeId, String ip, long version) {
    Http.Reply reply = register(api, nodeId, ip, version);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  /**
   * Forgets every token earned so far: the nodes of a test that moves on to another server (whose
   * token key is not the one that signed them) register afresh there, as new nodes do.
   */
  public static void forgetTokens() {
    TOKENS.clear();
    PEER_TOKENS.clear();
  }

  /** Keeps the tokens of a registration or heartbeat reply. */
  public static void remember(String nodeId, Http.Reply reply) {
    TOKENS.put(nodeId, reply.object().getJsonObject("token").getString("value"));
    PEER_TOKENS.put(nodeId, reply.object().getJsonObject("peerToken").getString("value"));
  }

  /**
   * The {@code Authorization} header of registry requests that speak for {@code nodeId}: its {@code
   * registry} token.
   */
  public static String[] asNode(String nodeId) {
    return bearer(nodeId, TOKENS);
  }

  /** The {@code Authorization} header of {@code nodeId}'s sync requests: its {@code peer} token. */
  public static String[] asPeer(String nodeId) {
    return bearer(nodeId, PEER_TOKENS);
  }

  private static String[] bearer(String nodeId, Map<String, String> tokens) {
    String token = tokens.get(nodeId);
    if (token == null) {
      throw new IllegalStateException(nodeId + " never registered in this test run");
    }
    return new String[] {"Authorization", "Bearer " + token};
  }
}
