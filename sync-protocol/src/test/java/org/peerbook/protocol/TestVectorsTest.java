package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * Recomputes every value of the published test vectors ({@code test-vectors.json}, also printed in
 * {@code doc-files/PROTOCOL.md}) with the production code, so that the specification, the vectors
 * and the code cannot drift apart. A failure here means the wire or hash format changed: that is a
 * new protocol version, not a test to update.
 */
class TestVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Path SPEC =
      Path.of("src/main/java/org/peerbook/protocol/doc-files/PROTOCOL.md");

  private static JsonObject vectors;
  private static KeyPair bookKeys;
  private static KeyPair tokenKeys;
  private static List<ChangeEntry> entries;

  @BeforeAll
  static void readVectors() throws IOException {
    try (InputStream in = TestVectorsTest.class.getResourceAsStream("/test-vectors.json")) {
      vectors = WireJson.parse(in).asJsonObject();
    }
    bookKeys = VectorKeys.fromSeed(keys("book").getString("seed"));
    tokenKeys = VectorKeys.fromSeed(keys("token").getString("seed"));
    entries = new ArrayList<>();
    for (JsonValue entry : vectors.getJsonArray("entries")) {
      entries.add(WireJson.readEntry(entry.asJsonObject().get("wire"), "wire"));
    }
  }

  private static JsonObject keys(String name) {
    return vectors.getJsonObject("keys").getJsonObject(name);
  }

  private static SignedHead head() {
    return WireJson.readHead(vectors.getJsonObject("head").get("signed"), "head");
  }

  private static List<ContactDto> book() {
    List<ContactDto> book = new ArrayList<>();
    for (JsonValue contact : vectors.getJsonArray("book")) {
      book.add(ContactJson.read(contact, "book", true));
    }
    return book;
  }

  @Test
  void keysAreTheOnesTheirSeedsMake() {
    for (String name : List.of("book", "token")) {
      KeyPair pair = name.equals("book") ? bookKeys : tokenKeys;
      JsonObject published = keys(name);
      assertThat(HEX.formatHex(VectorKeys.rawPublicKey(pair)))
          .isEqualTo(published.getString("publicKey"));
      assertThat(HeadSignatures.encode(pair.getPublic())).isEqualTo(published.getString("x509"));
      assertThat(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
          .isEqualTo(published.getString("pkcs8"));
    }
  }

  @Test
  void theEmptyBookHasThePublishedStateDigest() {
    assertThat(StateDigest.empty().digest()).isEqualTo(vectors.getString("emptyStateDigest"));
  }

  @Test
  void everyEntryEncodesHashesAndChainsAsPublished() {
    String previous = Hashes.ZERO;
    for (int i = 0; i < entries.size(); i++) {
      ChangeEntry entry = entries.get(i);
      JsonObject published = vectors.getJsonArray("entries").getJsonObject(i);

      assertThat(WireJson.toJson(entry)).isEqualTo(published.getJsonObject("wire"));
      assertThat(entry.version()).isEqualTo(i + 1);
      assertThat(entry.time().toEpochMilli())
          .isEqualTo(published.getJsonNumber("timeMillis").longValueExact());
      assertThat(HEX.formatHex(CanonicalEncoding.entryContent(entry)))
          .isEqualTo(published.getString("entryEncoding"));
      assertThat(entry.previousHash()).isEqualTo(previous);
      assertThat(HashChain.hashOf(previous, entry)).isEqualTo(entry.hash());
      previous = entry.hash();
    }
    assertThat(previous).isEqualTo(head().hash());
  }

  @Test
  void everyUpsertedContactEncodesAndExpandsAsPublished() {
    for (int i = 0; i < entries.size(); i++) {
      ChangeEntry entry = entries.get(i);
      JsonObject published = vectors.getJsonArray("entries").getJsonObject(i);
      if (entry.contact() == null) {
        assertThat(published.containsKey("contactEncoding")).isFalse();
        continue;
      }
      byte[] encoding = CanonicalEncoding.contact(entry.contact());
      assertThat(HEX.formatHex(encoding)).isEqualTo(published.getString("contactEncoding"));
      assertThat(Hashes.sha256Hex(encoding)).isEqualTo(published.getString("contactKey"));
      // one contact's lanes, big-endian, are its ChaCha20 key stream byte for byte
      byte[] lanes =
          Base64.getDecoder().decode(StateDigest.empty().add(entry.contact()).toBase64());
      assertThat(HEX.formatHex(lanes, 0, 32)).isEqualTo(published.getString("keyStreamStart"));
    }
  }

  @Test
  void theStateDigestFollowsEveryChangeAsPublished() {
    StateDigest state = StateDigest.empty();
    Map<String, ContactDto> live = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      ChangeEntry entry = entries.get(i);
      ContactDto replaced = live.remove(entry.contactId());
      if (replaced != null) {
        state.remove(replaced);
      }
      if (entry.contact() != null) {
        live.put(entry.contactId(), entry.contact());
        state.add(entry.contact());
      }
      assertThat(state.digest())
          .as("after entry %d", entry.version())
          .isEqualTo(vectors.getJsonArray("entries").getJsonObject(i).getString("stateDigest"));
    }
    assertThat(List.copyOf(live.values())).isEqualTo(book());
    assertThat(state.digest()).isEqualTo(head().stateDigest());
  }

  @Test
  void theHeadIsSignedAsPublishedAndChecksOut() {
    SignedHead published = head();
    assertThat(
            HEX.formatHex(
                CanonicalEncoding.headToSign(
                    published.version(), published.hash(), published.stateDigest())))
        .isEqualTo(vectors.getJsonObject("head").getString("signingInput"));
    // Ed25519 is deterministic: the same key signs the same input to the same bytes
    assertThat(
            HeadSignatures.sign(
                bookKeys.getPrivate(),
                published.version(),
                published.hash(),
                published.stateDigest()))
        .isEqualTo(published);

    SyncVerifier verifier = new SyncVerifier(bookKeys.getPublic());
    verifier.verifyDelta(SyncVerifier.ChainPoint.EMPTY_BOOK, entries, published);
    SnapshotVerifier snapshot = verifier.snapshot(published);
    book().forEach(snapshot::accept);
    snapshot.finish();
  }

  @Test
  void theNodeTokensAreIssuedAsPublished() throws GeneralSecurityException {
    JsonObject published = vectors.getJsonObject("token");
    String nodeId = published.getString("nodeId");
    Instant expires = Instant.ofEpochSecond(published.getJsonNumber("expires").longValueExact());
    for (NodeToken.Audience audience : NodeToken.Audience.values()) {
      JsonObject issued = published.getJsonObject(audience.wireName());
      String token = issued.getString("value");
      NodeToken claims = new NodeToken(nodeId, audience, expires);

      assertThat(NodeTokens.issue(tokenKeys.getPrivate(), claims)).isEqualTo(token);
      assertThat(NodeTokens.verify(tokenKeys.getPublic(), token, audience, expires.minusSeconds(1)))
          .isEqualTo(claims);
      assertThatThrownBy(() -> NodeTokens.verify(tokenKeys.getPublic(), token, audience, expires))
          .isInstanceOf(InvalidTokenException.class)
          .hasMessageContaining("expired");
      // the signing input as the specification spells it is what the signature covers
      String[] parts = token.split("\\.");
      byte[] input = HEX.parseHex(issued.getString("signingInput"));
      assertThat(new String(input, StandardCharsets.UTF_8))
          .isEqualTo(
              "peerbook-node-token-v2\n"
                  + audience.wireName()
                  + "\n"
                  + nodeId
                  + "\n"
                  + expires.getEpochSecond());
      assertThat(parts).hasSize(5);
      assertThat(verifies(tokenKeys.getPublic(), input, Base64.getUrlDecoder().decode(parts[4])))
          .isTrue();
    }
  }

  @Test
  void theTokenKeyIsEndorsedAsPublished() throws GeneralSecurityException {
    JsonObject published = vectors.getJsonObject("tokenKeyEndorsement");
    String endorsement = published.getString("value");
    byte[] input = HEX.parseHex(published.getString("signingInput"));

    assertThat(NodeTokens.endorse(bookKeys.getPrivate(), tokenKeys.getPublic()))
        .isEqualTo(endorsement);
    assertThat(NodeTokens.isEndorsed(bookKeys.getPublic(), tokenKeys.getPublic(), endorsement))
        .isTrue();
    assertThat(new String(input, StandardCharsets.UTF_8))
        .isEqualTo("peerbook-token-key-v1\n" + keys("token").getString("x509"));
    assertThat(verifies(bookKeys.getPublic(), input, Base64.getDecoder().decode(endorsement)))
        .isTrue();
  }

  /** The JDK's own Ed25519 verifier: an implementation independent of ours. */
  static boolean verifies(PublicKey key, byte[] input, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(input);
    return verifier.verify(signature);
  }

  @Test
  void messagesAreWrittenAndReadAsPublished() {
    JsonObject messages = vectors.getJsonObject("messages");
    SignedHead head = head();
    SyncRequest request = WireJson.readSyncRequest(messages.get("syncRequest"));
    assertThat(request)
        .isEqualTo(
            new SyncRequest(
                vectors.getJsonObject("token").getString("nodeId"),
                2,
                entries.get(1).hash(),
                SyncRequest.DEFAULT_LIMIT,
                "http://127.0.0.7:7001/api/sync"));
    assertThat(WireJson.toJson(request)).isEqualTo(messages.getJsonObject("syncRequest"));

    Map<String, SyncAnswer> answers =
        Map.of(
            "equal", new SyncAnswer.Equal(head),
            "delta", new SyncAnswer.Delta(head, entries.subList(2, entries.size()), true),
            "snapshot", new SyncAnswer.Snapshot(head, book()),
            "requesterNewer", new SyncAnswer.RequesterNewer(2, entries.get(1).hash()));
    answers.forEach(
        (name, answer) -> {
          assertThat(AnswerJson.toJson(answer)).as(name).isEqualTo(messages.getJsonObject(name));
          assertThat(AnswerJson.readAnswer(messages.get(name))).as(name).isEqualTo(answer);
        });
  }

  @Test
  void registryMessagesAreWrittenAndReadAsPublished() {
    JsonObject messages = vectors.getJsonObject("registryMessages");
    JsonObject token = vectors.getJsonObject("token");
    Instant expires = Instant.ofEpochSecond(token.getJsonNumber("expires").longValue());
    String nodeId = token.getString("nodeId");
    String syncAddress = "http://127.0.0.7:7001/api/sync";

    var register =
        new RegisterRequest(
            nodeId,
            syncAddress,
            "127.0.0.7",
            5,
            Optional.of(head()),
            Optional.of("it-enrollment-secret"));
    var heartbeat =
        HeartbeatRequest.of(Optional.of(head()), 2, new HeartbeatRequest.Received(48213, 0), 8);
    var lease =
        new LeaseAnswer(
            60,
            5,
            5,
            Map.of("agent-9@lab", Instant.parse("2026-12-01T09:58:00Z")),
            new LeaseAnswer.IssuedTokens(
                token.getJsonObject("registry").getString("value"),
                token.getJsonObject("peer").getString("value"),
                expires,
                HeadSignatures.encode(tokenKeys.getPublic()),
                vectors.getJsonObject("tokenKeyEndorsement").getString("value")),
            400);
    var offer = new SourceOffer("agent-3", "http://127.0.0.3:7001/api/sync", 5, false);
    var sources = new SourcesAnswer(List.of(offer), false, 5, 0);
    var noSourceYet = new SourcesAnswer(List.of(), false, 5, 2);
    var report =
        new SourceReport(
            "agent-3", SourceFault.NOT_AHEAD, "answered EQUAL at version 2, offered at 5");
    var outcome = new SourceReport.Outcome(true, false);

    assertThat(register.toJson()).isEqualTo(messages.getJsonObject("register"));
    assertThat(RegisterRequest.read(messages.get("register"))).isEqualTo(register);
    assertThat(heartbeat.toJson()).isEqualTo(messages.getJsonObject("heartbeat"));
    assertThat(HeartbeatRequest.read(messages.get("heartbeat"))).isEqualTo(heartbeat);
    assertThat(lease.toJson(true)).isEqualTo(messages.getJsonObject("lease"));
    assertThat(LeaseAnswer.read(messages.get("lease"))).isEqualTo(lease);
    assertThat(sources.toJson()).isEqualTo(messages.getJsonObject("sources"));
    assertThat(SourcesAnswer.read(messages.get("sources"))).isEqualTo(sources);
    assertThat(noSourceYet.toJson()).isEqualTo(messages.getJsonObject("noSourceYet"));
    assertThat(SourcesAnswer.read(messages.get("noSourceYet"))).isEqualTo(noSourceYet);
    assertThat(report.toJson()).isEqualTo(messages.getJsonObject("report"));
    assertThat(SourceReport.read(messages.get("report"))).isEqualTo(report);
    assertThat(outcome.toJson()).isEqualTo(messages.getJsonObject("reportOutcome"));
    assertThat(SourceReport.Outcome.read(messages.get("reportOutcome"))).isEqualTo(outcome);
    // the lease's tokens are the published ones, and its key is the one that signed them
    assertThat(
            NodeTokens.verify(
                    HeadSignatures.decodePublicKey(lease.tokens().tokenKey()),
                    lease.tokens().peerToken(),
                    NodeToken.Audience.PEER,
                    expires.minusSeconds(1))
                .nodeId())
        .isEqualTo(nodeId);
  }

  @Test
  void theSnapshotStreamsAsPublished() {
    String written =
        AnswerJson.snapshotOpening(head())
            + String.join(
                ",",
                book().stream().map(contact -> ContactJson.toJson(contact).toString()).toList())
            + AnswerJson.SNAPSHOT_CLOSING;
    assertThat(Json.createReader(new java.io.StringReader(written)).readObject())
        .isEqualTo(vectors.getJsonObject("messages").getJsonObject("snapshot"));
    List<ContactDto> streamed = new ArrayList<>();
    StreamingAnswerReader.read(
        new ByteArrayInputStream(written.getBytes(StandardCharsets.UTF_8)),
        new AnswerHandler<Void>() {
          @Override
          public Void answer(SyncAnswer answer) {
            throw new AssertionError("a snapshot is streamed");
          }

          @Override
          public Void snapshot(SignedHead head, Iterator<ContactDto> contacts) {
            assertThat(head).isEqualTo(head());
            contacts.forEachRemaining(streamed::add);
            return null;
          }
        });
    assertThat(streamed).isEqualTo(book());
  }

  @Test
  void theResponderDecidesThePublishedAnswers() {
    SyncResponder.Log log = new VectorLog();
    JsonObject messages = vectors.getJsonObject("messages");

    SyncResponder.Decision delta =
        SyncResponder.decide(WireJson.readSyncRequest(messages.get("syncRequest")), log);
    assertThat(AnswerJson.toJson(delta.answer())).isEqualTo(messages.getJsonObject("delta"));
    SyncRequest atHead =
        new SyncRequest("agent-7@lab", head().version(), head().hash(), SyncRequest.DEFAULT_LIMIT);
    assertThat(AnswerJson.toJson(SyncResponder.decide(atHead, log).answer()))
        .isEqualTo(messages.getJsonObject("equal"));
  }

  @Test
  void thePublishedForgeriesAreRefusedForThePublishedReasons() {
    JsonObject refused = vectors.getJsonObject("refused");
    SyncVerifier verifier = new SyncVerifier(bookKeys.getPublic());
    // the first two heads' signatures are other spellings of the genuine signature's bytes
    byte[] genuine = Base64.getDecoder().decode(head().signature());
    for (int i = 0; i < 2; i++) {
      String spelling =
          refused
              .getJsonArray("heads")
              .getJsonObject(i)
              .getJsonObject("head")
              .getString("signature");
      assertThat(spelling).isNotEqualTo(head().signature());
      assertThat(Base64.getDecoder().decode(spelling)).isEqualTo(genuine);
    }
    for (JsonValue value : refused.getJsonArray("heads")) {
      JsonObject forgery = value.asJsonObject();
      SignedHead head = WireJson.readHead(forgery.get("head"), "head");
      assertThatThrownBy(() -> verifier.verifyHead(head))
          .as(forgery.getString("why"))
          .isInstanceOfSatisfying(
              VerificationException.class,
              e -> assertThat(e.reason().name()).isEqualTo(forgery.getString("reason")));
    }
    for (JsonValue value : refused.getJsonArray("deltas")) {
      JsonObject forgery = value.asJsonObject();
      int from = forgery.getInt("fromVersion");
      var base = new SyncVerifier.ChainPoint(from, entries.get(from - 1).hash());
      List<ChangeEntry> sent = new ArrayList<>();
      for (JsonValue entry : forgery.getJsonArray("entries")) {
        sent.add(WireJson.readEntry(entry, "entries"));
      }
      assertThatThrownBy(() -> verifier.verifyDelta(base, sent, head()))
          .as(forgery.getString("why"))
          .isInstanceOfSatisfying(
              VerificationException.class,
              e -> assertThat(e.reason().name()).isEqualTo(forgery.getString("reason")));
    }
    Map<String, ContactDto> book = new TreeMap<>();
    book().forEach(contact -> book.put(contact.id(), contact));
    for (JsonValue value : refused.getJsonArray("snapshots")) {
      JsonObject forgery = value.asJsonObject();
      assertThatThrownBy(
              () -> {
                SnapshotVerifier snapshot = verifier.snapshot(head());
                for (JsonValue id : forgery.getJsonArray("contactIds")) {
                  snapshot.accept(book.get(((JsonString) id).getString()));
                }
                snapshot.finish();
              })
          .as(forgery.getString("why"))
          .isInstanceOfSatisfying(
              VerificationException.class,
              e -> assertThat(e.reason().name()).isEqualTo(forgery.getString("reason")));
    }
    Instant beforeExpiry =
        Instant.ofEpochSecond(
            vectors.getJsonObject("token").getJsonNumber("expires").longValueExact() - 1);
    for (JsonValue value : refused.getJsonArray("tokens")) {
      JsonObject forgery = value.asJsonObject();
      NodeToken.Audience audience = audience(forgery.getString("audience"));
      assertThatThrownBy(
              () ->
                  NodeTokens.verify(
                      tokenKeys.getPublic(), forgery.getString("value"), audience, beforeExpiry))
          .as(forgery.getString("why"))
          .isInstanceOf(InvalidTokenException.class)
          .hasMessage(forgery.getString("message"));
    }
  }

  @Test
  void thePublishedVersionOneTokenIsGenuine() throws GeneralSecurityException {
    JsonObject published = vectors.getJsonObject("token");
    String nodeId = published.getString("nodeId");
    long expires = published.getJsonNumber("expires").longValueExact();
    List<String> v1 = new ArrayList<>();
    for (JsonValue value : vectors.getJsonObject("refused").getJsonArray("tokens")) {
      String token = value.asJsonObject().getString("value");
      if (token.startsWith("v1.")) {
        v1.add(token);
      }
    }
    assertThat(v1).hasSize(1);
    // signed by the token key as v1 specified: refused for its version, not for a bad signature
    String[] parts = v1.get(0).split("\\.");
    byte[] input =
        ("peerbook-node-token-v1\n" + nodeId + "\n" + expires).getBytes(StandardCharsets.UTF_8);
    assertThat(parts[1])
        .isEqualTo(
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(nodeId.getBytes(StandardCharsets.UTF_8)));
    assertThat(parts[2]).isEqualTo(Long.toString(expires));
    assertThat(verifies(tokenKeys.getPublic(), input, Base64.getUrlDecoder().decode(parts[3])))
        .isTrue();
  }

  private static NodeToken.Audience audience(String wireName) {
    for (NodeToken.Audience audience : NodeToken.Audience.values()) {
      if (audience.wireName().equals(wireName)) {
        return audience;
      }
    }
    throw new IllegalArgumentException("no audience " + wireName);
  }

  /** A source that holds the whole published log. */
  private static final class VectorLog implements SyncResponder.Log {
    @Override
    public SignedHead head() {
      return TestVectorsTest.head();
    }

    @Override
    public Optional<String> hashAt(long version) {
      return Optional.of(version == 0 ? Hashes.ZERO : entries.get((int) version - 1).hash());
    }

    @Override
    public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
      return entries.subList((int) after, (int) Math.min(upTo, after + limit));
    }

    @Override
    public long contactCount() {
      return TestVectorsTest.book().size();
    }
  }

  /**
   * The specification prints every value of the vectors: each hash, encoding, key, signature and
   * token of the file must appear in its text (line breaks and indentation aside).
   */
  @Test
  void theSpecificationPrintsEveryPublishedValue() throws IOException {
    String spec = Files.readString(SPEC, StandardCharsets.UTF_8).replaceAll("[\\s>]", "");
    List<String> values = new ArrayList<>();
    collectValues(vectors, values);
    assertThat(values).hasSizeGreaterThan(40);
    assertThat(values).allSatisfy(value -> assertThat(spec).contains(value));
  }

  private static void collectValues(JsonValue json, List<String> values) {
    switch (json.getValueType()) {
      case OBJECT -> json.asJsonObject().values().forEach(value -> collectValues(value, values));
      case ARRAY -> ((JsonArray) json).forEach(value -> collectValues(value, values));
      case STRING -> {
        String text = ((JsonString) json).getString();
        if (text.length() >= 40 && !text.contains(" ")) {
          values.add(text);
        }
      }
      default -> {
        // numbers and booleans are short enough to check by eye
      }
    }
  }
}
