package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.WireJson;

/** The sync protocol as the data server answers it, checked with the agents' own verifier. */
class SyncApiIT extends SharedServerIT {

  private SyncVerifier verifier;

  @BeforeEach
  void trustTheDataServersKey() {
    verifier = BookChecks.verifierFor(api);
  }

  private void writeContacts(int count) {
    for (int i = 0; i < count; i++) {
      assertThat(
              api.post("contacts", "{\"displayName\":\"Sync " + UUID.randomUUID() + "\"}").status())
          .isEqualTo(201);
    }
  }

  @Test
  void answersEqualWhenTheRequesterHoldsTheHead() {
    writeContacts(1);
    ChainPoint head = BookChecks.head(api);

    SyncAnswer answer = BookChecks.sync(api, head.version(), head.hash(), 100);

    assertThat(answer).isInstanceOf(SyncAnswer.Equal.class);
    verifier.verifyHead(((SyncAnswer.Equal) answer).head());
  }

  @Test
  void answersEveryLaterEntryInPagesThatVerify() {
    ChainPoint start = BookChecks.head(api);
    writeContacts(5);

    SyncAnswer first = BookChecks.sync(api, start.version(), start.hash(), 2);

    assertThat(first).isInstanceOf(SyncAnswer.Delta.class);
    SyncAnswer.Delta page = (SyncAnswer.Delta) first;
    assertThat(page.entries()).hasSize(2);
    assertThat(page.complete()).isFalse();
    assertThat(page.entries().get(0).version()).isEqualTo(start.version() + 1);
    ChainPoint reached = verifier.verifyChain(start, page.entries());

    var log = BookChecks.readLogFrom(api, reached);
    assertThat(log.entries()).hasSize(3);
    assertThat(log.head().version()).isEqualTo(start.version() + 5);
  }

  @Test
  void answersASnapshotThatMatchesTheSignedBookWhenTheHashDiffers() {
    writeContacts(3);
    ChainPoint head = BookChecks.head(api);

    SyncAnswer answer = BookChecks.sync(api, head.version() - 1, "f".repeat(64), 100);

    assertThat(answer).isInstanceOf(SyncAnswer.Snapshot.class);
    SyncAnswer.Snapshot snapshot = (SyncAnswer.Snapshot) answer;
    SnapshotVerifier check = verifier.snapshot(snapshot.head());
    snapshot.contacts().forEach(check::accept);
    check.finish();
    Map<String, ContactDto> byId =
        snapshot.contacts().stream().collect(Collectors.toMap(ContactDto::id, Function.identity()));
    String anyId = snapshot.contacts().get(0).id();
    if (snapshot.head().version() == head.version()) {
      assertThat(api.get("contacts/" + anyId).object().getString("displayName"))
          .isEqualTo(byId.get(anyId).displayName());
    }
  }

  @Test
  void compressesTheSnapshotWhenAsked() throws IOException {
    writeContacts(2);
    String request = BookChecks.syncRequest("gzip-node", 0, "e".repeat(64), 100);

    String[] token = BookChecks.enrolled(api, "gzip-node");
    HttpResponse<byte[]> gzipped =
        api.postForBytes("sync", request, "Accept-Encoding", "gzip", token[0], token[1]);

    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] json = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
    SyncAnswer answer = AnswerJson.readAnswer(WireJson.parse(new ByteArrayInputStream(json)));
    assertThat(answer).isInstanceOf(SyncAnswer.Snapshot.class);
    SyncAnswer.Snapshot snapshot = (SyncAnswer.Snapshot) answer;
    SnapshotVerifier check = verifier.snapshot(snapshot.head());
    snapshot.contacts().forEach(check::accept);
    check.finish();
  }

  @Test
  void sendsRequestersBelowTheCompactedLogASnapshotAndOthersADelta() {
    ChainPoint start = BookChecks.head(api);
    writeContacts(3);
    var written = BookChecks.readLogFrom(api, start).entries();
    ChainPoint floorMinusOne = new ChainPoint(start.version() + 1, written.get(0).hash());

    Http.Reply compacted = api.post("book/compaction", "{\"floor\":" + (start.version() + 2) + "}");

    assertThat(compacted.status()).as(compacted.body()).isEqualTo(200);
    assertThat(compacted.object().getJsonNumber("logFloor").longValue())
        .isEqualTo(start.version() + 2);
    // built in the background, before anyone asks for it
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> BookChecks.cachedSnapshotVersion(api) >= start.version() + 3);
    assertThat(BookChecks.sync(api, start.version(), start.hash(), 100))
        .isInstanceOf(SyncAnswer.Snapshot.class);
    assertThat(BookChecks.sync(api, 0, BookChecks.ZERO, 100))
        .isInstanceOf(SyncAnswer.Snapshot.class);
    SyncAnswer delta = BookChecks.sync(api, floorMinusOne.version(), floorMinusOne.hash(), 100);
    assertThat(delta).isInstanceOf(SyncAnswer.Delta.class);
    var entries = ((SyncAnswer.Delta) delta).entries();
    assertThat(entries).hasSize(2);
    verifier.verifyDelta(floorMinusOne, entries, ((SyncAnswer.Delta) delta).head());
  }

  @Test
  void servesNothingWithoutAValidNodeToken() throws Exception {
    String request = BookChecks.syncRequest("stranger", 0, BookChecks.ZERO, 10);
    var strangerKey = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String forged =
        org.peerbook.protocol.NodeTokens.issue(
            strangerKey.getPrivate(),
            new org.peerbook.protocol.NodeToken(
                "stranger",
                org.peerbook.protocol.NodeToken.Audience.PEER,
                java.time.Instant.now().plusSeconds(600)));

    Http.Reply none = api.post("sync", request);
    Http.Reply forgedReply = api.post("sync", request, "Authorization", "Bearer " + forged);
    Http.Reply garbage = api.post("sync", request, "Authorization", "Bearer not-a-token");

    ContactsApiIT.assertProblem(none, 401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    ContactsApiIT.assertProblem(forgedReply, 401);
    assertThat(forgedReply.object().getString("detail")).contains("not signed");
    ContactsApiIT.assertProblem(garbage, 401);
    assertThat(none.body()).doesNotContain("contacts").doesNotContain("entries");
  }

  @Test
  void refusesATokenOfAnotherNodeOrOfANodeNoLongerEnrolled() {
    String[] alice = BookChecks.enrolled(api, "alice");
    String asBob = BookChecks.syncRequest("bob", 0, BookChecks.ZERO, 10);
    String asAlice = BookChecks.syncRequest("alice", 0, BookChecks.ZERO, 10);
    assertThat(api.post("sync", asAlice, alice).status()).isEqualTo(200);

    Http.Reply claimingBob = api.post("sync", asBob, alice);
    assertThat(api.delete("registry/admin/nodes/alice").status()).isEqualTo(204);
    Http.Reply evicted = api.post("sync", asAlice, alice);

    ContactsApiIT.assertProblem(claimingBob, 403);
    assertThat(claimingBob.object().getString("detail")).contains("alice").contains("bob");
    ContactsApiIT.assertProblem(evicted, 403);
    assertThat(evicted.object().getString("detail")).contains("not registered");
  }

  @Test
  void answersARequesterAheadOfTheDataServerWith409() {
    String request =
        BookChecks.syncRequest("time-traveller", 9_000_000_000_000_000_000L, BookChecks.ZERO, 10);

    Http.Reply reply = api.post("sync", request, BookChecks.enrolled(api, "time-traveller"));

    ContactsApiIT.assertProblem(reply, 409);
    assertThat(reply.object().getString("detail")).contains("beyond the data server's head");
  }
}
