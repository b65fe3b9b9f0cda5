package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SnapshotVerifier;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.WireJson;

/** Reads the whole change log through the sync API and checks it as an agent would. */
public final class BookChecks {
  private BookChecks() {}

  /** The data server's public key, as published. */
  public static SyncVerifier verifierFor(Http api) {
    Http.Reply key = api.get("book/public-key");
    assertThat(key.status()).isEqualTo(200);
    return new SyncVerifier(HeadSignatures.decodePublicKey(key.object().getString("publicKey")));
  }

  public static String syncRequest(String nodeId, long version, String hash, int limit) {
    return Json.createObjectBuilder()
        .add("nodeId", nodeId)
        .add("version", version)
        .add("headHash", hash)
        .add("limit", limit)
        .build()
        .toString();
  }

  /**
   * Enrolls {@code nodeId} (at version 0, so it is never handed out as a source) and returns the
   * {@code Authorization} header its sync requests need.
   */
  public static String[] enrolled(Http api, String nodeId) {
    Registrations.registered(api, nodeId, "127.0.0.1", 0);
    return Registrations.asPeer(nodeId);
  }

  public static SyncAnswer sync(Http api, long version, String hash, int limit) {
    Http.Reply reply = syncReply(api, version, hash, limit);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return answer(reply);
  }

  /** A sync request of an enrolled checker node, answered as it is. */
  public static Http.Reply syncReply(Http api, long version, String hash, int limit) {
    return api.post(
        "sync", syncRequest("it-checker", version, hash, limit), enrolled(api, "it-checker"));
  }

  public static SyncAnswer answer(Http.Reply reply) {
    return AnswerJson.readAnswer(
        WireJson.parse(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8))));
  }

  /** A snapshot whose contacts are exactly those its signed head names (the state digest). */
  public static SyncAnswer.Snapshot verifiedSnapshot(SyncVerifier verifier, SyncAnswer answer) {
    assertThat(answer).isInstanceOf(SyncAnswer.Snapshot.class);
    SyncAnswer.Snapshot snapshot = (SyncAnswer.Snapshot) answer;
    SnapshotVerifier check = verifier.snapshot(snapshot.head());
    snapshot.contacts().forEach(check::accept);
    check.finish();
    return snapshot;
  }

  /** The log from version 1 to the head, page by page, verified against the signed head. */
  public record Log(List<ChangeEntry> entries, SignedHead head) {}

  /** Where the data server's book stands now. */
  /** The version of the snapshot the data server has cached for requesters; -1: none yet. */
  public static long cachedSnapshotVersion(Http api) {
    var stats = api.get("sync/stats").object();
    return stats.containsKey("snapshot")
        ? stats.getJsonObject("snapshot").getJsonNumber("version").longValue()
        : -1;
  }

  public static SyncVerifier.ChainPoint head(Http api) {
    var head = api.get("book/head").object();
    return new SyncVerifier.ChainPoint(
        head.getJsonNumber("version").longValue(), head.getString("hash"));
  }

  /** Every entry from version 1 (the log must not have been compacted). */
  public static Log readWholeLog(Http api) {
    return readLogFrom(api, SyncVerifier.ChainPoint.EMPTY_BOOK);
  }

  /** Every entry after {@code start}, checked page by page and against the signed head. */
  public static Log readLogFrom(Http api, SyncVerifier.ChainPoint start) {
    SyncVerifier verifier = verifierFor(api);
    List<ChangeEntry> entries = new ArrayList<>();
    SyncVerifier.ChainPoint reached = start;
    while (true) {
      SyncAnswer answer = sync(api, reached.version(), reached.hash(), 10_000);
      if (answer instanceof SyncAnswer.Equal equal) {
        verifier.verifyDelta(start, entries, equal.head());
        return new Log(entries, equal.head());
      }
      assertThat(answer).isInstanceOf(SyncAnswer.Delta.class);
      SyncAnswer.Delta delta = (SyncAnswer.Delta) answer;
      reached = verifier.verifyChain(reached, delta.entries());
      entries.addAll(delta.entries());
      if (delta.complete()) {
        verifier.verifyDelta(start, entries, delta.head());
        return new Log(entries, delta.head());
      }
    }
  }

  public static final String ZERO = Hashes.ZERO;

  /** Every contact of the data server, field by field, and nothing more, in an agent's copy. */
  public static void assertSameBook(Http api, Http agentLookups) {
    var page = api.get("contacts?limit=500").object();
    int total = page.getInt("total");
    assertThat(total).as("a book small enough to compare in one page").isLessThanOrEqualTo(500);
    assertThat(agentLookups.get("lookup/status").object().getInt("contacts")).isEqualTo(total);
    for (jakarta.json.JsonValue value : page.getJsonArray("items")) {
      jakarta.json.JsonObject expected = value.asJsonObject();
      Http.Reply actual = agentLookups.get("lookup/contacts/" + expected.getString("id"));
      assertThat(actual.status()).isEqualTo(200);
      assertThat(actual.object()).isEqualTo(expected);
    }
  }
}
