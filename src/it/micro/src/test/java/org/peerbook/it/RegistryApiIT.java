package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.protocol.SignedHead;

/**
 * The resource manager's REST operations, for nodes and for administrators, on the WAR that ships.
 * The failsafe configuration gives it a 15 s lease, two data-server slots and a test enrollment
 * secret.
 */
class RegistryApiIT extends ArquillianIT {
  private static final String SECRET = Registrations.SECRET;

  private final List<String> registered = new ArrayList<>();

  @AfterEach
  void deregisterWhatThisTestRegistered() {
    registered.forEach(id -> api.delete("registry/nodes/" + id, Registrations.asNode(id)));
  }

  private String register(String prefix, String ip, long version) {
    String id = prefix + "-" + UUID.randomUUID();
    Registrations.registered(api, id, ip, version);
    registered.add(id);
    return id;
  }

  private long head() {
    if (BookChecks.head(api).version() == 0) {
      api.put("contacts/registry-it-seed", "{\"displayName\":\"Seed\"}");
    }
    return BookChecks.head(api).version();
  }

  private JsonObject sources(String id) {
    Http.Reply reply = api.get("registry/nodes/" + id + "/sources", Registrations.asNode(id));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.object();
  }

  private Set<String> listedIds() {
    return api.get("registry/admin/nodes").json().asJsonArray().stream()
        .map(v -> v.asJsonObject().getString("nodeId"))
        .collect(Collectors.toSet());
  }

  @Test
  void registersIdempotentlyAndAnswersWithTheLeaseAndTheHead() {
    long head = head();
    String id = "node-" + UUID.randomUUID();
    registered.add(id);

    Http.Reply first = Registrations.register(api, id, "127.0.1.1", 0);
    Http.Reply again = Registrations.register(api, id, "127.0.1.2", head);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.object().getBoolean("accepted")).isTrue();
    assertThat(first.object().getInt("leaseSeconds")).isEqualTo(15);
    assertThat(first.object().getJsonNumber("headVersion").longValue()).isEqualTo(head);
    assertThat(again.status()).isEqualTo(200);
    JsonObject shown = api.get("registry/admin/nodes/" + id).object();
    assertThat(shown.getString("networkAddress")).isEqualTo("127.0.1.2");
    assertThat(shown.getJsonNumber("version").longValue()).isEqualTo(head);
    assertThat(again.object().getJsonNumber("countedVersion").longValue()).isEqualTo(head);
    assertThat(shown.getString("leaseExpiry")).isNotBlank();
    assertThat(api.get("registry/admin/nodes").json().asJsonArray())
        .filteredOn(v -> v.asJsonObject().getString("nodeId").equals(id))
        .hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing node id     | {\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"S\"} | 400 | nodeId",
        "relative address    | {\"nodeId\":\"ID\",\"syncAddress\":\"/api/sync\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"S\"} | 400 | syncAddress",
        "address sans port   | {\"nodeId\":\"ID\",\"syncAddress\":\"http://peer/sync\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"S\"} | 400 | syncAddress",
        "host name as ip     | {\"nodeId\":\"ID\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"example.com\",\"version\":0,\"credential\":\"S\"} | 400 | networkAddress",
        "negative version    | {\"nodeId\":\"ID\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":-4,\"credential\":\"S\"} | 400 | version",
        "unknown field       | {\"nodeId\":\"ID\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"S\",\"admin\":true} | 400 | admin: unknown field",
        "malformed JSON      | {\"nodeId\":                                                                                            | 400 | malformed JSON",
        "no credential       | {\"nodeId\":\"ID\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":0} | 401 | credential is required",
        "wrong credential    | {\"nodeId\":\"ID\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"guess\"} | 403 | credential is wrong",
        "data server's id    | {\"nodeId\":\"data-server\",\"syncAddress\":\"http://127.0.0.1:7000/s\",\"networkAddress\":\"127.0.0.1\",\"version\":0,\"credential\":\"S\"} | 400 | nodeId",
      })
  void refusesBadRegistrationsNamingTheFieldAndStoresNothing(
      String name, String body, int status, String detail) {
    String id = "bad-" + UUID.randomUUID();
    long registrationsBefore = stat("registrations");

    Http.Reply reply =
        api.post(
            "registry/nodes",
            body.replace("\"ID\"", "\"" + id + "\"").replace("\"S\"", "\"" + SECRET + "\""));

    ContactsApiIT.assertProblem(reply, status);
    assertThat(reply.object().getString("detail")).contains(detail);
    assertThat(listedIds()).doesNotContain(id);
    assertThat(stat("registrations")).isEqualTo(registrationsBefore);
  }

  private long stat(String name) {
    return api.get("registry/admin/stats").object().getJsonNumber(name).longValue();
  }

  @Test
  void renewsTheLeaseOnHeartbeatAndRefusesUnknownNodesAndBadLoads() {
    long head = head();
    String id = register("beat", "127.0.2.1", 0);

    Http.Reply beat =
        api.put(
            "registry/nodes/" + id + "/heartbeat",
            Registrations.heartbeat(api, head, 2),
            Registrations.asNode(id));

    assertThat(beat.status()).as(beat.body()).isEqualTo(200);
    assertThat(beat.object().getJsonNumber("headVersion").longValue()).isEqualTo(head);
    assertThat(api.get("registry/admin/nodes/" + id).object().getInt("load")).isEqualTo(2);
    ContactsApiIT.assertProblem(
        api.put("registry/nodes/nobody/heartbeat", "{\"version\":1,\"load\":0}"), 401);
    ContactsApiIT.assertProblem(
        api.put(
            "registry/nodes/" + id + "/heartbeat",
            "{\"version\":1,\"load\":-1}",
            Registrations.asNode(id)),
        400);
    ContactsApiIT.assertProblem(
        api.put("registry/nodes/" + id + "/heartbeat", "{\"version\":1}", Registrations.asNode(id)),
        400);
  }

  /**
   * A node may lower how many peers it is handed ({@code maxServing}); a value out of 1 … 10,000 or
   * not an integer is refused naming the field and leaves what the node said before.
   */
  @Test
  void recordsTheNumberOfPeersANodeServesAndRefusesBadOnes() {
    long head = head();
    String id = register("capacity", "127.0.2.2", 0);
    String path = "registry/nodes/" + id + "/heartbeat";
    String beat = Registrations.heartbeat(api, head, 0);
    String said = beat.substring(0, beat.length() - 1) + ",\"maxServing\":3}";

    assertThat(api.put(path, said, Registrations.asNode(id)).status()).isEqualTo(200);
    assertThat(api.get("registry/admin/nodes/" + id).object().getInt("maxServing")).isEqualTo(3);

    for (String bad : List.of("0", "-1", "10001", "2.5", "\"8\"", "1e9", "{}")) {
      String body = beat.substring(0, beat.length() - 1) + ",\"maxServing\":" + bad + "}";
      Http.Reply refused = api.put(path, body, Registrations.asNode(id));
      ContactsApiIT.assertProblem(refused, 400);
      assertThat(refused.object().getString("detail")).as(bad).contains("maxServing");
    }
    assertThat(api.put(path, beat, Registrations.asNode(id)).status()).isEqualTo(200);
    assertThat(api.get("registry/admin/nodes/" + id).object().getInt("maxServing"))
        .as("a heartbeat that does not say keeps what the node said")
        .isEqualTo(3);
  }

  /**
   * A heartbeat with {@code wait} is held while the head is the one the node knows (at most a third
   * of the 15 s lease), and answered as soon as a change commits, with the new head.
   */
  @Test
  void holdsAHeartbeatUntilAChangeCommitsAndAnswersWithTheNewHead() throws Exception {
    long head = head();
    String id = register("held", "127.0.2.9", 0);
    Http root = ArquillianDeployments.serverRoot(deployed);
    double heldBefore = Metrics.read(root).get("peerbook_heartbeats_held");
    ExecutorService beating = Executors.newSingleThreadExecutor();
    try {
      Future<Http.Reply> held =
          beating.submit(
              () ->
                  api.put(
                      "registry/nodes/" + id + "/heartbeat?wait=60&since=" + head,
                      Registrations.heartbeat(api, head, 0),
                      Registrations.asNode(id)));
      await("the answer is held")
          .until(() -> Metrics.read(root).get("peerbook_heartbeats_held") > heldBefore);
      assertThat(held).isNotDone();

      api.put("contacts/held-" + UUID.randomUUID(), "{\"displayName\":\"Held Heartbeat\"}");

      Http.Reply answer = held.get(4, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.object().getJsonNumber("headVersion").longValue()).isGreaterThan(head);
      assertThat(answer.object().getJsonObject("token").getString("value")).isNotBlank();
    } finally {
      beating.shutdownNow();
    }
  }

  @Test
  void answersAHeldHeartbeatAtOnceWhenTheNodeKnowsAnOlderHeadAndRefusesABadWait() {
    long head = head();
    String id = register("stale", "127.0.2.10", 0);
    String beat = Registrations.heartbeat(api, head, 0);

    Http.Reply answer =
        api.put(
            "registry/nodes/" + id + "/heartbeat?wait=3600&since=" + (head - 1),
            beat,
            Registrations.asNode(id));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.object().getJsonNumber("headVersion").longValue()).isEqualTo(head);
    for (String bad : List.of("wait=-1", "wait=3601", "wait=soon", "wait=1&since=-5")) {
      ContactsApiIT.assertProblem(
          api.put("registry/nodes/" + id + "/heartbeat?" + bad, beat, Registrations.asNode(id)),
          400);
    }
  }

  @Test
  void handsOutPeersAheadOfTheRequesterButNeverTheRequesterItself() {
    long head = head();
    String ahead = register("ahead", "127.0.3.1", head);
    String behind = register("behind", "127.0.3.2", 0);

    JsonObject forBehind = sources(behind);
    JsonObject forAhead = sources(ahead);

    assertThat(forBehind.getBoolean("dataServer")).isFalse();
    assertThat(forBehind.getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .contains(ahead)
        .doesNotContain(behind);
    assertThat(forAhead.getJsonArray("sources")).isEmpty();
    assertThat(forAhead.containsKey("retryAfterSeconds")).isFalse();
    ContactsApiIT.assertProblem(
        api.get("registry/nodes/" + behind + "/sources?k=zero", Registrations.asNode(behind)), 400);
    ContactsApiIT.assertProblem(api.get("registry/nodes/nobody/sources"), 401);
  }

  @Test
  void fallsBackToTheDataServerForAtMostTwoNodesAndQueuesTheRest() {
    long head = head();
    String first = register("lag1", "127.0.4.1", 0);
    String second = register("lag2", "127.0.4.2", 0);
    String third = register("lag3", "127.0.4.3", 0);
    // no peer is ahead of version 0 apart from nodes other tests left: make sure none is
    listedIds().stream()
        .filter(id -> !registered.contains(id) && !id.equals("data-server"))
        .forEach(id -> api.delete("registry/admin/nodes/" + id));

    JsonObject one = sources(first);
    JsonObject two = sources(second);
    Http.Reply refused =
        api.get("registry/nodes/" + third + "/sources", Registrations.asNode(third));

    assertThat(one.getBoolean("dataServer")).isTrue();
    assertThat(one.getJsonArray("sources").getJsonObject(0).getString("nodeId"))
        .isEqualTo("data-server");
    assertThat(two.getBoolean("dataServer")).isTrue();
    assertThat(refused.object().getJsonArray("sources")).isEmpty();
    assertThat(refused.object().getInt("retryAfterSeconds")).isPositive();
    assertThat(refused.header("Retry-After")).isNotBlank();

    // the first reaches the head: its slot goes to the waiting node
    api.put(
        "registry/nodes/" + first + "/heartbeat",
        Registrations.heartbeat(api, head, 0),
        Registrations.asNode(first));
    JsonObject now = sources(third);
    assertThat(now.getJsonArray("sources")).isNotEmpty();
    assertThat(now.getJsonArray("sources").getJsonObject(0).getString("nodeId"))
        .as("the first node holds the head now, so it is the better source")
        .isIn(first, "data-server");
  }

  /**
   * A source request that would get a retry hint, with {@code wait}, is held until a node reaches a
   * newer version, then answered with it.
   */
  @Test
  void holdsASourceRequestNobodyCanHelpUntilANodeReachesTheHead() throws Exception {
    long head = head();
    String first = register("wait1", "127.0.4.11", 0);
    String second = register("wait2", "127.0.4.12", 0);
    String third = register("wait3", "127.0.4.13", 0);
    listedIds().stream()
        .filter(id -> !registered.contains(id) && !id.equals("data-server"))
        .forEach(id -> api.delete("registry/admin/nodes/" + id));
    assertThat(sources(first).getBoolean("dataServer")).isTrue();
    assertThat(sources(second).getBoolean("dataServer")).isTrue();
    Http root = ArquillianDeployments.serverRoot(deployed);
    ExecutorService asking = Executors.newSingleThreadExecutor();
    try {
      Future<Http.Reply> held =
          asking.submit(
              () ->
                  api.get(
                      "registry/nodes/" + third + "/sources?wait=60", Registrations.asNode(third)));
      await("the request is held")
          .until(() -> Metrics.read(root).get("peerbook_source_requests_held") >= 1);
      assertThat(held).isNotDone();

      api.put(
          "registry/nodes/" + first + "/heartbeat",
          Registrations.heartbeat(api, head, 0),
          Registrations.asNode(first));

      Http.Reply answer = held.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.object().getJsonArray("sources")).isNotEmpty();
      assertThat(answer.object().getJsonArray("sources").getJsonObject(0).getString("nodeId"))
          .isIn(first, "data-server");
    } finally {
      asking.shutdownNow();
    }
    ContactsApiIT.assertProblem(
        api.get("registry/nodes/" + third + "/sources?wait=x", Registrations.asNode(third)), 400);
  }

  @Test
  void deregistersAndEvicts() {
    String leaving = register("leaving", "127.0.5.1", 0);
    String evicted = register("evicted", "127.0.5.2", 0);
    long evictionsBefore = stat("evictions");

    assertThat(api.delete("registry/nodes/" + leaving, Registrations.asNode(leaving)).status())
        .isEqualTo(204);
    assertThat(api.delete("registry/admin/nodes/" + evicted).status()).isEqualTo(204);

    ContactsApiIT.assertProblem(
        api.get("registry/nodes/" + leaving + "/sources", Registrations.asNode(leaving)), 404);
    ContactsApiIT.assertProblem(api.get("registry/admin/nodes/" + evicted), 404);
    ContactsApiIT.assertProblem(
        api.delete("registry/nodes/" + leaving, Registrations.asNode(leaving)), 404);
    ContactsApiIT.assertProblem(api.delete("registry/admin/nodes/data-server"), 400);
    assertThat(stat("evictions")).isEqualTo(evictionsBefore + 1);
    registered.clear();
  }

  @Test
  void demotesANodeThatTwoNodesItWasHandedToReportAndEvictsItAtThree() {
    long head = head();
    String liar = register("liar", "127.0.7.1", head);
    List<String> witnesses =
        List.of(
            register("w1", "127.0.7.2", 0),
            register("w2", "127.0.7.3", 0),
            register("w3", "127.0.7.4", 0));
    String bystander = register("w4", "127.0.7.5", 0);
    long reportsBefore = stat("reports");
    String report = "{\"nodeId\":\"" + liar + "\",\"fault\":\"NOT_AHEAD\",\"reason\":\"EQUAL\"}";
    Http.Reply unfounded = reportAs(bystander, report);
    assertThat(unfounded.object().getBoolean("accepted"))
        .as("the liar was never handed to the bystander")
        .isFalse();
    for (String witness : witnesses) {
      assertThat(sources(witness).getJsonArray("sources"))
          .extracting(v -> v.asJsonObject().getString("nodeId"))
          .contains(liar);
    }
    assertThat(recentSources(witnesses.get(0)))
        .as("an administrator sees what the witness was handed")
        .contains(liar);

    Http.Reply first = reportAs(witnesses.get(0), report);
    Http.Reply again = reportAs(witnesses.get(0), report);
    assertThat(first.object().getBoolean("accepted")).isTrue();
    assertThat(first.object().getBoolean("evicted")).isFalse();
    assertThat(again.object().getBoolean("accepted")).as("one hand-out, one report").isFalse();
    JsonObject awaiting = standingOf(liar);
    assertThat(awaiting.getInt("witnesses")).isEqualTo(1);
    assertThat(awaiting.getInt("demotions")).isZero();
    assertThat(awaiting.containsKey("demotedUntil")).isFalse();
    assertThat(sources(bystander).getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .as("one node's report takes the liar from nobody else")
        .contains(liar);

    Http.Reply second = reportAs(witnesses.get(1), report);
    assertThat(second.object().getBoolean("evicted")).isFalse();
    assertThat(listedIds()).contains(liar);
    JsonObject standing = standingOf(liar);
    assertThat(standing.getInt("demotions")).isEqualTo(1);
    assertThat(standing.getInt("reporters")).isEqualTo(2);
    assertThat(standing.getString("demotedUntil")).isNotEmpty();
    assertThat(recentSources(witnesses.get(0)))
        .as("the report used the hand-out up")
        .doesNotContain(liar);
    JsonObject filed =
        api.get("registry/admin/nodes/" + witnesses.get(0))
            .object()
            .getJsonArray("reportsFiled")
            .getJsonObject(0);
    assertThat(filed.getString("nodeId")).isEqualTo(liar);
    assertThat(filed.getString("fault")).isEqualTo("NOT_AHEAD");
    assertThat(filed.getBoolean("counted")).as("its second report of one hand-out").isFalse();
    assertThat(
            api.get("registry/admin/nodes/" + bystander)
                .object()
                .getJsonArray("reportsFiled")
                .getJsonObject(0)
                .getBoolean("counted"))
        .isFalse();
    assertThat(sources(bystander).getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .as("demoted at the second reporter's report")
        .doesNotContain(liar);

    Http.Reply third = reportAs(witnesses.get(2), report);

    assertThat(third.object().getBoolean("evicted")).isTrue();
    assertThat(listedIds()).doesNotContain(liar);
    assertThat(stat("reports")).isEqualTo(reportsBefore + 5);
    ContactsApiIT.assertProblem(api.post("registry/nodes/nobody/reports", report), 401);
    ContactsApiIT.assertProblem(
        reportAs(witnesses.get(0), "{\"nodeId\":\"data-server\",\"reason\":\"x\"}"), 400);
    ContactsApiIT.assertProblem(reportAs(witnesses.get(0), "{\"nodeId\":\"" + liar + "\"}"), 400);
    // the liar's token was revoked with its eviction
    ContactsApiIT.assertProblem(
        api.get("registry/nodes/" + liar + "/sources", Registrations.asNode(liar)), 404);
    registered.remove(liar);
  }

  @Test
  void countsAClaimedVersionOnlyWithItsSignedHead() {
    long head = head();
    String boaster = "boaster-" + UUID.randomUUID();
    String forger = "forger-" + UUID.randomUUID();
    SignedHead genuine = Registrations.signedHead(api, head);
    SignedHead wrongVersion =
        new SignedHead(head + 1, genuine.hash(), genuine.stateDigest(), genuine.signature());
    long registrationsBefore = stat("registrations");

    Http.Reply boast =
        api.post(
            "registry/nodes", Registrations.registration(boaster, "127.0.8.1", 999_999_999_999L));
    registered.add(boaster);
    Registrations.remember(boaster, boast);
    Http.Reply forged =
        api.post("registry/nodes", Registrations.registration(forger, "127.0.8.2", wrongVersion));

    assertThat(boast.status()).as(boast.body()).isEqualTo(200);
    assertThat(boast.object().getJsonNumber("countedVersion").longValue()).isZero();
    assertThat(api.get("registry/admin/nodes/" + boaster).object().getInt("version")).isZero();
    ContactsApiIT.assertProblem(forged, 400);
    assertThat(forged.object().getString("detail")).contains("head");
    assertThat(listedIds()).doesNotContain(forger);
    assertThat(stat("registrations")).isEqualTo(registrationsBefore + 1);
    String behind = register("behind-boaster", "127.0.8.3", 0);
    assertThat(sources(behind).getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .doesNotContain(boaster);
    Http.Reply proven =
        api.put(
            "registry/nodes/" + boaster + "/heartbeat",
            Registrations.heartbeat(api, head, 0),
            Registrations.asNode(boaster));
    assertThat(proven.object().getJsonNumber("countedVersion").longValue()).isEqualTo(head);
  }

  private JsonObject standingOf(String nodeId) {
    return api.get("registry/admin/nodes/" + nodeId).object().getJsonObject("reports");
  }

  private List<String> recentSources(String nodeId) {
    return api.get("registry/admin/nodes/" + nodeId).object().getJsonArray("recentSources").stream()
        .map(v -> v.asJsonObject().getString("nodeId"))
        .toList();
  }

  private Http.Reply reportAs(String reporter, String report) {
    return api.post(
        "registry/nodes/" + reporter + "/reports", report, Registrations.asNode(reporter));
  }

  @Test
  void changesTheStrategyChainAndKAtRunTime() {
    JsonObject before = api.get("registry/admin/allocation").object();
    try {
      Http.Reply changed =
          api.put(
              "registry/admin/allocation", "{\"chain\":\"shallow,least-loaded,random\",\"k\":2}");
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      assertThat(api.get("registry/admin/allocation").object().getString("chain"))
          .isEqualTo("shallow,least-loaded,random");

      ContactsApiIT.assertProblem(
          api.put("registry/admin/allocation", "{\"chain\":\"random,fastest\"}"), 400);
      ContactsApiIT.assertProblem(api.put("registry/admin/allocation", "{\"k\":0}"), 400);
      ContactsApiIT.assertProblem(api.put("registry/admin/allocation", "{\"k\":1000}"), 400);
      ContactsApiIT.assertProblem(api.put("registry/admin/allocation", "{\"chain\":\"\"}"), 400);
      JsonObject after = api.get("registry/admin/allocation").object();
      assertThat(after.getString("chain")).isEqualTo("shallow,least-loaded,random");
      assertThat(after.getInt("k")).isEqualTo(2);
    } finally {
      api.put(
          "registry/admin/allocation",
          Json.createObjectBuilder()
              .add("chain", before.getString("chain"))
              .add("k", before.getInt("k"))
              .build()
              .toString());
    }
  }

  @Test
  void sendsEveryNodeToTheDataServerWhenPeerAssistanceIsOff() {
    long head = head();
    String ahead = register("central-ahead", "127.0.6.1", head);
    String behind = register("central-behind", "127.0.6.2", 0);
    int slots = api.get("registry/admin/allocation").object().getInt("dataServerSlots");
    try {
      Http.Reply off =
          api.put("registry/admin/allocation", "{\"peerAssisted\":false,\"dataServerSlots\":50}");
      assertThat(off.status()).as(off.body()).isEqualTo(200);
      assertThat(off.object().getBoolean("peerAssisted")).isFalse();
      assertThat(off.object().getInt("dataServerSlots")).isEqualTo(50);

      JsonObject central = sources(behind);

      assertThat(central.getBoolean("dataServer")).isTrue();
      assertThat(central.getJsonArray("sources"))
          .extracting(v -> v.asJsonObject().getString("nodeId"))
          .containsExactly("data-server")
          .doesNotContain(ahead);
      ContactsApiIT.assertProblem(
          api.put("registry/admin/allocation", "{\"dataServerSlots\":0}"), 400);
      ContactsApiIT.assertProblem(
          api.put("registry/admin/allocation", "{\"peerAssisted\":\"no\"}"), 400);
    } finally {
      api.put(
          "registry/admin/allocation", "{\"peerAssisted\":true,\"dataServerSlots\":" + slots + "}");
    }
    assertThat(sources(behind).getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .contains(ahead);
  }

  @Test
  void timesTheNodesRequests() {
    String node = register("timed", "127.0.6.3", 0);
    sources(node);

    JsonObject latency = api.get("registry/admin/stats").object().getJsonObject("requestLatency");

    assertThat(latency.getJsonNumber("requests").longValue()).isGreaterThanOrEqualTo(2);
    assertThat(latency.getJsonNumber("p50Millis").doubleValue()).isPositive();
    assertThat(latency.getJsonNumber("p99Millis").doubleValue())
        .isGreaterThanOrEqualTo(latency.getJsonNumber("p50Millis").doubleValue());

    assertThat(api.delete("registry/admin/stats/request-latency").status()).isEqualTo(204);
    sources(node);
    JsonObject fresh = api.get("registry/admin/stats").object().getJsonObject("requestLatency");
    assertThat(fresh.getInt("window")).isEqualTo(1);
  }

  @Test
  void dropsANodeWhoseLeaseLapsesAndNeverHandsItOut() {
    long head = head();
    String silent = register("silent", "127.0.6.1", head);
    long expirationsBefore = stat("expirations");

    // the node leaves the list when its lease lapses; the sweeping timer then removes it
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !listedIds().contains(silent) && stat("expirations") > expirationsBefore);

    String asking = register("asking", "127.0.6.2", 0);
    assertThat(sources(asking).getJsonArray("sources"))
        .extracting(v -> v.asJsonObject().getString("nodeId"))
        .doesNotContain(silent);
    ContactsApiIT.assertProblem(
        api.put(
            "registry/nodes/" + silent + "/heartbeat",
            "{\"version\":1,\"load\":0}",
            Registrations.asNode(silent)),
        404);
    registered.remove(silent);
  }

  @Test
  void takesThousandsOfConcurrentRequestsWithoutLosingOrDuplicatingANode() throws Exception {
    int threads = 8;
    int nodesEach = 150;
    long head = head();
    long registrationsBefore = stat("registrations");
    long heartbeatsBefore = stat("heartbeats");
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int n = 0; n < nodesEach; n++) {
                  String id = "crowd-" + thread + "-" + n + "-" + UUID.randomUUID();
                  String ip = "127.1." + thread + "." + (n % 250 + 1);
                  long version = n % 2 == 0 ? head : 0;
                  Registrations.registered(api, id, ip, version);
                  ids.add(id);
                  assertThat(
                          api.put(
                                  "registry/nodes/" + id + "/heartbeat",
                                  Registrations.heartbeat(api, version, n % 5),
                                  Registrations.asNode(id))
                              .status())
                      .isEqualTo(200);
                  assertThat(
                          api.get("registry/nodes/" + id + "/sources?k=3", Registrations.asNode(id))
                              .status())
                      .isEqualTo(200);
                  // checked at once: on a slow machine the 15 s test lease may lapse later
                  JsonObject shown = api.get("registry/admin/nodes/" + id).object();
                  assertThat(shown.getString("networkAddress")).isEqualTo(ip);
                  assertThat(shown.getInt("load")).isEqualTo(n % 5);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    registered.addAll(ids);

    assertThat(ids).hasSize(threads * nodesEach);
    assertThat(stat("registrations") - registrationsBefore).isEqualTo(threads * nodesEach);
    assertThat(stat("heartbeats") - heartbeatsBefore).isEqualTo(threads * nodesEach);
    List<String> listed =
        api.get("registry/admin/nodes").json().asJsonArray().stream()
            .map(JsonValue::asJsonObject)
            .map(node -> node.getString("nodeId"))
            .filter(id -> id.startsWith("crowd-"))
            .toList();
    assertThat(listed).doesNotHaveDuplicates();
    assertThat(ids).containsAll(listed);
  }
}
