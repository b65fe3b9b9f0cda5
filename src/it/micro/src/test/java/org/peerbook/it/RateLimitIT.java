package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A node that floods the data server with sync or registration requests gets 429 with Retry-After
 * and a problem body, while another node is served as usual; a client that floods it with
 * registrations it cannot authenticate, naming another node, spends only its own address's rate; a
 * client holding the fleet's enrollment secret cannot add node ids without end; behind a trusted
 * proxy, the client it forwards is charged, and a node is placed at that client's address, not at
 * the network it claims; a node gets the whole book no more often than its rate of snapshots, and
 * no more bytes of answers than its rate of answer bytes (one answer may exceed what is left).
 */
class RateLimitIT {
  private static final int BURST = 5;
  private static final int NEW_NODES_BURST = 20;
  private static final int ANSWER_BURST = 16_384;

  @Test
  void refusesAFloodingNodeAndKeepsServingTheOthers() throws Exception {
    var home = ServerProcess.workDirectory("rate-limits");
    try (var server =
        new ServerProcess(
                home,
                Map.ofEntries(
                    Map.entry("peerbook.limits.requests-per-second", "1"),
                    Map.entry("peerbook.limits.burst", Integer.toString(BURST)),
                    Map.entry("peerbook.limits.unauthenticated-per-second", "1"),
                    Map.entry("peerbook.limits.unauthenticated-burst", Integer.toString(BURST)),
                    // one back every 20 s: none while this test runs
                    Map.entry("peerbook.limits.new-nodes-per-second", "0.05"),
                    Map.entry("peerbook.limits.new-nodes-burst", Integer.toString(NEW_NODES_BURST)),
                    // the flood's requests are counted by the rate alone, not by answers at once
                    Map.entry("peerbook.sync.answers-per-node", "100"),
                    // this test's client plays a reverse proxy in the last steps
                    Map.entry("peerbook.limits.trusted-proxies", "127.0.0.1"),
                    // not this test's client: what its nodes say about their network is not
                    // believed
                    Map.entry("peerbook.allocation.network.trusted-reporters", "192.0.2.0/24"),
                    // two at once, then one more a minute: none while this test runs
                    Map.entry("peerbook.limits.snapshot-burst", "2"),
                    Map.entry("peerbook.limits.snapshots-per-minute", "1"),
                    // 16 KiB, then a byte a second: every node here but the hoarder stays within
                    Map.entry("peerbook.limits.answer-bytes-burst", Integer.toString(ANSWER_BURST)),
                    Map.entry("peerbook.limits.answer-bytes-per-minute", "60")))
            .start()) {
      Http api = server.api();
      String sync = BookChecks.syncRequest("flooder", 0, BookChecks.ZERO, 10);
      String[] flooderToken = BookChecks.enrolled(api, "flooder");

      List<Http.Reply> flood = concurrently(40, () -> api.post("sync", sync, flooderToken));

      List<Http.Reply> refused = flood.stream().filter(reply -> reply.status() == 429).toList();
      assertThat(flood).allSatisfy(reply -> assertThat(reply.status()).isIn(200, 429));
      // the registration took one token of the flooder's bucket
      assertThat(flood.size() - refused.size()).as("served").isBetween(BURST - 1, BURST + 1);
      assertThat(refused.get(0).header("Retry-After")).isNotBlank();
      assertThat(refused.get(0).header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.get(0).object().getInt("status")).isEqualTo(429);
      assertThat(refused.get(0).object().getString("detail")).contains("flooder");

      String innocent = BookChecks.syncRequest("innocent", 0, BookChecks.ZERO, 10);
      String[] innocentToken = BookChecks.enrolled(api, "innocent");
      // one request of its burst left unused: the test asks once more at its end, which may come
      // within a second (one token back) of these on a fast run
      for (int i = 0; i < BURST - 2; i++) {
        assertThat(api.post("sync", innocent, innocentToken).status())
            .as("another node")
            .isEqualTo(200);
      }

      List<Http.Reply> registrations =
          concurrently(
              20,
              () ->
                  api.post("registry/nodes", Registrations.registration("joiner", "127.0.7.1", 0)));
      assertThat(registrations).anySatisfy(reply -> assertThat(reply.status()).isEqualTo(429));
      assertThat(registrations).anySatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
      assertThat(api.get("book/head").status()).isEqualTo(200);

      String[] victimPeerToken = BookChecks.enrolled(api, "victim");
      String[] victimToken = Registrations.asNode("victim");
      AtomicInteger attempt = new AtomicInteger();
      List<Http.Reply> impostors =
          concurrently(
              40,
              () ->
                  api.post(
                      "registry/nodes",
                      Registrations.registration(
                          "victim",
                          "127.0.7.2",
                          0,
                          attempt.getAndIncrement() % 2 == 0 ? null : "guess")));
      assertThat(impostors)
          .allSatisfy(reply -> assertThat(reply.status()).isIn(401, 403, 429))
          .anySatisfy(reply -> assertThat(reply.status()).isEqualTo(429));
      assertThat(
              impostors.stream()
                  .filter(reply -> reply.status() == 429)
                  .findFirst()
                  .orElseThrow()
                  .object()
                  .getString("detail"))
          .contains("unauthenticated client");
      // the victim's own bucket is untouched: its heartbeat, sources and sync all go through
      Http.Reply beat =
          api.put("registry/nodes/victim/heartbeat", "{\"version\":0,\"load\":0}", victimToken);
      assertThat(beat.status()).as(beat.body()).isEqualTo(200);
      Http.Reply sources = api.get("registry/nodes/victim/sources", victimToken);
      assertThat(sources.status()).as(sources.body()).isEqualTo(200);
      assertThat(
              api.post(
                      "sync",
                      BookChecks.syncRequest("victim", 0, BookChecks.ZERO, 10),
                      victimPeerToken)
                  .status())
          .isEqualTo(200);

      // the sync API and the peer look-up charge what fails its token check (forged, another
      // node's) or cannot be read to the client's address too: a flood of them is turned away
      // there instead of having a signature verified each, and the victim's own rate is untouched
      String[] forgedToken = {"Authorization", "Bearer v2.forged.token"};
      String victimSync = BookChecks.syncRequest("victim", 0, BookChecks.ZERO, 10);
      List<Callable<Http.Reply>> refusedKinds =
          List.of(
              () -> api.post("sync", victimSync, forgedToken),
              () -> api.post("sync", "{\"nodeId\":", victimPeerToken),
              () -> api.get("registry/nodes/victim/peers/innocent", forgedToken),
              () -> api.get("registry/nodes/innocent/peers/victim", victimToken));
      AtomicInteger forgery = new AtomicInteger();
      List<Http.Reply> unproven =
          concurrently(
              40, () -> refusedKinds.get(forgery.getAndIncrement() % refusedKinds.size()).call());
      assertThat(unproven).allSatisfy(reply -> assertThat(reply.status()).isIn(400, 401, 403, 429));
      for (String path : List.of("/api/sync", "/api/registry/nodes/")) {
        assertThat(unproven)
            .filteredOn(reply -> reply.status() == 429)
            .extracting(reply -> reply.object().getString("instance"))
            .as("refused at " + path)
            .anySatisfy(instance -> assertThat(instance).startsWith(path));
      }
      assertThat(unproven)
          .filteredOn(reply -> reply.status() == 429)
          .allSatisfy(
              reply ->
                  assertThat(reply.object().getString("detail"))
                      .contains("unauthenticated client"));
      assertThat(api.post("sync", victimSync, victimPeerToken).status())
          .as("the victim, named by all of them")
          .isEqualTo(200);

      // the enrollment secret, and a new node id each time: each id's own bucket is full
      AtomicInteger joiners = new AtomicInteger();
      Map<String, Integer> statusById = new ConcurrentHashMap<>();
      List<Http.Reply> newIds =
          concurrently(
              2 * NEW_NODES_BURST,
              () -> {
                String nodeId = "multiplied-" + joiners.getAndIncrement();
                Http.Reply reply = Registrations.register(api, nodeId, "127.0.7.3", 0);
                statusById.put(nodeId, reply.status());
                return reply;
              });
      List<Http.Reply> turnedAway = newIds.stream().filter(reply -> reply.status() == 429).toList();
      assertThat(newIds).allSatisfy(reply -> assertThat(reply.status()).isIn(200, 429));
      // the four nodes above took theirs (and a few concurrent registrations of one of them)
      assertThat(newIds.size() - turnedAway.size())
          .as("new nodes let in")
          .isBetween(NEW_NODES_BURST / 2, NEW_NODES_BURST + 5);
      assertThat(turnedAway).isNotEmpty();
      assertThat(turnedAway.get(0).header("Retry-After")).isNotBlank();
      assertThat(turnedAway.get(0).object().getString("detail"))
          .contains("client 127.0.0.1 is over its rate of new nodes");
      // a node it knows registers again (with its token) while new ones are turned away
      String known =
          statusById.entrySet().stream()
              .filter(entry -> entry.getValue() == 200)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      Http.Reply again = Registrations.register(api, known, "127.0.7.3", 0);
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(Registrations.register(api, "one-more", "127.0.7.3", 0).status())
          .as("a new one, still")
          .isEqualTo(429);

      // through a trusted proxy (127.0.0.1 here) the client it forwards is charged, not the proxy
      Http.Reply forwarded =
          api.post(
              "registry/nodes",
              Json.createObjectBuilder(
                      Json.createReader(
                              new StringReader(
                                  Registrations.registration("forwarded", "198.51.100.7", 0)))
                          .readObject())
                  .add("networkAddress", "127.0.7.3")
                  .build()
                  .toString(),
              "X-Forwarded-For",
              "203.0.113.9, 198.51.100.7");
      assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
      // and is where the registry places the node, whatever network it claimed (127.0.7.3)
      assertThat(api.get("registry/admin/nodes/forwarded").object().getString("networkAddress"))
          .isEqualTo("198.51.100.7");
      assertThat(api.get("registry/admin/nodes/" + known).object().getString("networkAddress"))
          .as("a node's claim is not believed from an untrusted reporter")
          .isEqualTo("127.0.0.1");
      // its sync address must point at it too: every node it is handed to would connect there
      Http.Reply elsewhere =
          api.post(
              "registry/nodes",
              Registrations.registration("elsewhere", "127.0.7.3", 0),
              "X-Forwarded-For",
              "203.0.113.77");
      ContactsApiIT.assertProblem(elsewhere, 400);
      assertThat(elsewhere.object().getString("detail"))
          .contains("syncAddress", "203.0.113.77", "127.0.7.3");
      assertThat(api.get("registry/admin/nodes/elsewhere").status()).isEqualTo(404);
      String[] fromTheProxyItself = {"X-Forwarded-For", "garbage"};
      assertThat(
              api.post(
                      "registry/nodes",
                      Registrations.registration("unforwarded", "127.0.7.3", 0),
                      fromTheProxyItself)
                  .status())
          .as("no client named: the proxy's own address, still over its rate")
          .isEqualTo(429);
      String[] inTheHeaderTheProxiesDoNotWrite = {"Forwarded", "for=198.51.100.8"};
      assertThat(
              api.post(
                      "registry/nodes",
                      Registrations.registration("rfc7239", "127.0.7.3", 0),
                      inTheHeaderTheProxiesDoNotWrite)
                  .status())
          .as("the proxies write X-Forwarded-For: a Forwarded header is the client's claim")
          .isEqualTo(429);

      // once the log is compacted, a node that starts afresh gets the whole book
      var contacts = Json.createArrayBuilder();
      for (int i = 0; i < 3; i++) {
        contacts.add(Json.createObjectBuilder().add("id", "c" + i).add("displayName", "C " + i));
      }
      assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      var head = BookChecks.head(api);
      api.post("book/compaction", "{\"floor\":" + head.version() + "}");
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> BookChecks.cachedSnapshotVersion(api) >= head.version());
      registerThroughTheProxyFor(api, "reader", "198.51.100.21");
      String afresh = BookChecks.syncRequest("reader", 0, BookChecks.ZERO, 10);
      for (int i = 0; i < 2; i++) {
        Http.Reply snapshot = api.post("sync", afresh, Registrations.asPeer("reader"));
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(200);
        assertThat(snapshot.object().getString("kind")).isEqualTo("SNAPSHOT");
      }
      Http.Reply third = api.post("sync", afresh, Registrations.asPeer("reader"));
      assertThat(third.status()).as(third.body()).isEqualTo(429);
      assertThat(third.header("Retry-After")).isNotBlank();
      assertThat(third.object().getString("detail"))
          .contains("node reader is over its rate of snapshots");
      Http.Reply atTheHead =
          api.post(
              "sync",
              BookChecks.syncRequest("reader", head.version(), head.hash(), 10),
              Registrations.asPeer("reader"));
      assertThat(atTheHead.status())
          .as("what is not the whole book is answered as before")
          .isEqualTo(200);

      // a delta larger than a node's burst of answer bytes is sent once, then the node waits
      var large = Json.createArrayBuilder();
      var random = new Random(7);
      for (int i = 0; i < 100; i++) {
        byte[] noise = new byte[150];
        random.nextBytes(noise);
        large.add(
            Json.createObjectBuilder()
                .add("id", "large-" + i)
                .add("displayName", Base64.getEncoder().encodeToString(noise)));
      }
      assertThat(api.post("contacts/import", large.build()).status()).isEqualTo(200);
      registerThroughTheProxyFor(api, "hoarder", "198.51.100.22");
      String[] hoarderToken = Registrations.asPeer("hoarder");
      String fromTheFloor = BookChecks.syncRequest("hoarder", head.version(), head.hash(), 1000);
      Http.Reply delta = api.post("sync", fromTheFloor, hoarderToken);
      assertThat(delta.status()).as(delta.body()).isEqualTo(200);
      assertThat(delta.object().getString("kind")).isEqualTo("DELTA");
      assertThat(delta.body().length()).isGreaterThan(ANSWER_BURST);
      Http.Reply nextDelta = api.post("sync", fromTheFloor, hoarderToken);
      assertThat(nextDelta.status()).as("the second delta").isEqualTo(429);
      assertThat(nextDelta.header("Retry-After")).isNotBlank();
      assertThat(nextDelta.object().getString("detail"))
          .contains("node hoarder is over its rate of answer bytes");
      assertThat(
              api.post(
                      "sync",
                      BookChecks.syncRequest("innocent", head.version(), head.hash(), 10),
                      innocentToken)
                  .status())
          .as("another node's answers are not charged to the hoarder")
          .isEqualTo(200);
    }
  }

  /**
   * Registers {@code nodeId} as a client of its own behind this test's proxy: 127.0.0.1 is over its
   * rate of new nodes by then.
   */
  private static void registerThroughTheProxyFor(Http api, String nodeId, String client) {
    Http.Reply registered =
        api.post(
            "registry/nodes",
            Registrations.registration(nodeId, client, 0),
            "X-Forwarded-For",
            client);
    assertThat(registered.status()).as(registered.body()).isEqualTo(200);
    Registrations.remember(nodeId, registered);
  }

  private static List<Http.Reply> concurrently(int count, Callable<Http.Reply> request)
      throws Exception {
    var pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Http.Reply>> replies =
          IntStream.range(0, count).mapToObj(i -> pool.submit(request)).toList();
      return replies.stream().map(RateLimitIT::get).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Http.Reply get(Future<Http.Reply> reply) {
    try {
      return reply.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
