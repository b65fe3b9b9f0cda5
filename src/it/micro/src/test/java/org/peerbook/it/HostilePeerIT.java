package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.WireJson;

/**
 * A hostile peer, registered next to its victim (so that the proximity strategy offers it first)
 * and claiming the head, answers a real agent process with made-up data built from the genuine
 * book. The agent refuses it whole, reports it, reaches the head from another source, and never
 * goes back to a lower version.
 */
class HostilePeerIT {
  private static ServerProcess server;
  private static Http api;

  /** What the hostile peer sends, from the genuine old state and the genuine latest changes. */
  enum Attack {
    FORGED_CONTACT("TAMPERED_ENTRY", (old, latest) -> latest.withFirstContactRenamed()),
    REORDERED_CHAIN("BROKEN_CHAIN|VERSION_GAP", (old, latest) -> latest.withFirstTwoSwapped()),
    TRUNCATED_CHAIN("HEAD_MISMATCH", (old, latest) -> latest.withoutLastEntry()),
    HEAD_SIGNED_BY_ANOTHER_KEY("BAD_SIGNATURE", (old, latest) -> latest.resignedByAnotherKey()),
    OLDER_GENUINE_SNAPSHOT("ROLLBACK", (old, latest) -> old.snapshot()),
    OLDER_GENUINE_HEAD("ROLLBACK", (old, latest) -> old.emptyDelta());

    final String refusal;
    final BiFunction<Genuine, Genuine, SyncAnswer> answer;

    Attack(String refusal, BiFunction<Genuine, Genuine, SyncAnswer> answer) {
      this.refusal = refusal;
      this.answer = answer;
    }
  }

  @BeforeAll
  static void startServer() {
    // no held heartbeats: a victim would hear of the new head the moment it is committed and copy
    // it from the data server before the hostile peer that claims it has registered
    server =
        new ServerProcess(
                ServerProcess.workDirectory("hostile").resolve("server"),
                Map.of("peerbook.registry.max-held-heartbeats", "0"))
            .start();
    api = server.api();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void refusesTheAttackWholeAndReachesTheHeadFromAnotherSource(Attack attack) {
    String prefix = attack.name().toLowerCase() + "-";
    String subnet = "127.0." + (90 + attack.ordinal()) + ".";
    var home = ServerProcess.workDirectory("hostile-" + attack.name());
    importContacts(prefix + "a", 3);
    Genuine old = Genuine.from(BookChecks.readWholeLog(api));
    importContacts(prefix + "b", 3);
    long before = BookChecks.head(api).version();
    try (var victim = new AgentProcess(home.resolve("victim"))) {
      victim.start(api.base(), subnet + "1");
      AgentWalkThroughIT.awaitVersion(victim, before);

      ChainPoint reached = BookChecks.head(api);
      // frozen, the victim cannot hear of the new head before the hostile peer that claims it is
      // registered: it heartbeats at once after catching up, and a heartbeat between the change
      // and the registration would send it to the data server instead
      victim.freeze();
      importContacts(prefix + "c", 3);
      Genuine latest = Genuine.between(BookChecks.readLogFrom(api, reached), reached);
      String hostileId = "hostile-" + attack.name().toLowerCase();
      try (var hostile =
          new HostilePeer(subnet + "2", request -> attack.answer.apply(old, latest))) {
        registerClaimingTheHead(hostileId, hostile, subnet + "2", latest.head());
        victim.thaw();

        AgentWalkThroughIT.awaitVersion(victim, latest.head().version());

        assertThat(hostile.requests()).isPositive();
        assertThat(victim.status().getString("lastRefusal"))
            .contains(hostileId)
            .containsPattern(attack.refusal);
        AgentWalkThroughIT.assertSameBook(api, victim);
        assertThat(api.get("registry/admin/stats").object().getInt("reports"))
            .as("the victim reported the hostile peer")
            .isPositive();
      }
    }
  }

  /**
   * An agent turns away a node asking it back to back with its valid token once past its burst, and
   * a client sending forged tokens once past its allowance of failed checks (each a signature
   * verified), with 429 and Retry-After; another node is served in between.
   */
  @Test
  void anAgentTurnsAwayANodeAskingBackToBackAndAClientWithForgedTokens() {
    var home = ServerProcess.workDirectory("hostile-flood");
    importContacts("flood-", 3);
    try (var agent = new AgentProcess(home.resolve("agent"))) {
      agent.start(api.base(), "127.0.99.1");
      AgentWalkThroughIT.awaitVersion(agent, BookChecks.head(api).version());
      Http toAgent =
          Http.anonymous(
              URI.create(agent.status().getString("syncAddress").replace("/api/sync", "/api/")));
      String[] flooderToken = BookChecks.enrolled(api, "flooder-at-agent");
      String flooding = BookChecks.syncRequest("flooder-at-agent", 0, BookChecks.ZERO, 10);

      Http.Reply overItsRate = untilRefused(() -> toAgent.post("sync", flooding, flooderToken));
      String innocent = BookChecks.syncRequest("innocent-at-agent", 0, BookChecks.ZERO, 10);
      Http.Reply served =
          toAgent.post("sync", innocent, BookChecks.enrolled(api, "innocent-at-agent"));
      Http.Reply forged =
          untilRefused(
              () -> toAgent.post("sync", innocent, "Authorization", "Bearer v2.peer.forged"));

      ContactsApiIT.assertProblem(overItsRate, 429);
      assertThat(overItsRate.header("Retry-After")).isNotBlank();
      assertThat(overItsRate.object().getString("detail"))
          .contains("node flooder-at-agent is over its rate of sync requests");
      assertThat(served.status()).as(served.body()).isEqualTo(200);
      ContactsApiIT.assertProblem(forged, 429);
      assertThat(forged.header("Retry-After")).isNotBlank();
      assertThat(forged.object().getString("detail")).contains("failed their token check");
    }
  }

  /**
   * Sends until the agent refuses with 429 "Too many requests" (at most 2,000 times), every earlier
   * answer 200, 401, or 429 "Too many answers at once" (a request sent the moment the answer before
   * it arrived may find that answer's slot not yet given back).
   */
  private static Http.Reply untilRefused(java.util.function.Supplier<Http.Reply> send) {
    int letThrough = 0;
    for (int i = 0; i < 2_000; i++) {
      Http.Reply reply = send.get();
      if (reply.status() == 429 && reply.object().getString("title").equals("Too many requests")) {
        assertThat(letThrough).as("requests let through first").isGreaterThanOrEqualTo(100);
        return reply;
      }
      if (reply.status() != 429) {
        assertThat(reply.status()).as(reply.body()).isIn(200, 401);
        letThrough++;
      }
    }
    throw new AssertionError("never refused in 2,000 requests");
  }

  /** The hostile peer proves the head with the genuine signed head, then serves made-up data. */
  private static void registerClaimingTheHead(
      String nodeId, HostilePeer hostile, String ip, SignedHead head) {
    Http.Reply reply =
        api.post(
            "registry/nodes",
            Json.createObjectBuilder()
                .add("nodeId", nodeId)
                .add("syncAddress", hostile.syncAddress())
                .add("networkAddress", ip)
                .add("version", head.version())
                .add("head", WireJson.toJson(head))
                .add("credential", Registrations.SECRET)
                .build());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static void importContacts(String prefix, int count) {
    var contacts = Json.createArrayBuilder();
    for (int i = 0; i < count; i++) {
      contacts.add(
          Json.createObjectBuilder()
              .add("id", prefix + i)
              .add("displayName", "Person " + prefix + i)
              .add("emails", Json.createArrayBuilder().add(prefix + i + "@example.com")));
    }
    assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
  }

  /** Genuine entries after {@code base} and the genuine signed head they lead to. */
  record Genuine(ChainPoint base, List<ChangeEntry> entries, SignedHead head) {
    static Genuine from(BookChecks.Log log) {
      return new Genuine(ChainPoint.EMPTY_BOOK, log.entries(), log.head());
    }

    static Genuine between(BookChecks.Log log, ChainPoint base) {
      return new Genuine(base, log.entries(), log.head());
    }

    /** The book at this head, as a snapshot: every contact the entries from version 0 leave. */
    SyncAnswer snapshot() {
      Map<String, ContactDto> book = new LinkedHashMap<>();
      for (ChangeEntry entry : entries) {
        if (entry.operation() == Operation.DELETE) {
          book.remove(entry.contactId());
        } else {
          book.put(entry.contactId(), entry.contact());
        }
      }
      return new SyncAnswer.Snapshot(head, new ArrayList<>(book.values()));
    }

    SyncAnswer emptyDelta() {
      return new SyncAnswer.Delta(head, List.of(), true);
    }

    SyncAnswer withFirstContactRenamed() {
      List<ChangeEntry> forged = new ArrayList<>(entries);
      ChangeEntry first = forged.get(0);
      ContactDto genuine = first.contact();
      forged.set(
          0,
          new ChangeEntry(
              first.version(),
              first.contactId(),
              first.operation(),
              new ContactDto(
                  genuine.id(),
                  "Mallory",
                  null,
                  null,
                  genuine.emails(),
                  genuine.phones(),
                  null,
                  genuine.department(),
                  null,
                  null,
                  null,
                  genuine.attributes()),
              first.time(),
              first.previousHash(),
              first.hash()));
      return new SyncAnswer.Delta(head, forged, true);
    }

    SyncAnswer withFirstTwoSwapped() {
      List<ChangeEntry> swapped = new ArrayList<>(entries);
      swapped.set(0, entries.get(1));
      swapped.set(1, entries.get(0));
      return new SyncAnswer.Delta(head, swapped, true);
    }

    SyncAnswer withoutLastEntry() {
      return new SyncAnswer.Delta(head, entries.subList(0, entries.size() - 1), true);
    }

    SyncAnswer resignedByAnotherKey() {
      SignedHead forged =
          HeadSignatures.sign(anotherKey(), head.version(), head.hash(), head.stateDigest());
      return new SyncAnswer.Delta(forged, entries, true);
    }

    private static PrivateKey anotherKey() {
      try {
        return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM)
            .generateKeyPair()
            .getPrivate();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
