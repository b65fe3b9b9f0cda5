package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.protocol.serving.GzippedSnapshot;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.RefusedException;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncBinding;
import org.peerbook.protocol.serving.SyncReply;
import org.peerbook.protocol.serving.SyncServing;

/** The serving steps every source shares, without HTTP: what each request gets, in which order. */
class SyncServingTest {
  private static final Samples.Chain CHAIN = Samples.chain(Samples.keyPair(), 40);
  private static final String TOKEN = "Bearer good";
  private static final SyncServing.Gate GOOD_TOKEN_ONLY =
      (request, authorization) -> {
        if (authorization == null) {
          throw new InvalidTokenException("no node token");
        }
        if (!TOKEN.equals(authorization)) {
          throw new NotEntitledException("the token is node other's");
        }
      };

  /** The sample chain as a source; {@code snapshotOnly}: it answers every request with its book. */
  private static final class ChainSource implements SyncServing.Source {
    final boolean snapshotOnly;
    RuntimeException failure;
    int answered;

    ChainSource(boolean snapshotOnly) {
      this.snapshotOnly = snapshotOnly;
    }

    @Override
    public SyncResponder.Log log() {
      if (failure != null) {
        throw failure;
      }
      return new SyncResponder.Log() {
        @Override
        public SignedHead head() {
          return CHAIN.head();
        }

        @Override
        public Optional<String> hashAt(long version) {
          if (snapshotOnly) {
            return Optional.empty();
          }
          return Optional.of(
              version == 0 ? Hashes.ZERO : CHAIN.entries().get((int) version - 1).hash());
        }

        @Override
        public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
          return CHAIN.entries().subList((int) after, (int) Math.min(upTo, after + limit));
        }

        @Override
        public long contactCount() {
          return CHAIN.book().size();
        }
      };
    }

    @Override
    public GzippedSnapshot snapshotFrom(SyncRequest request) {
      byte[] gzipped = gzip(snapshotJson());
      return new GzippedSnapshot(new ByteArrayInputStream(gzipped), gzipped.length);
    }

    @Override
    public SyncAnswer requesterNewer(SyncRequest request, SyncAnswer.RequesterNewer answer) {
      throw new RefusedException(409, "Version beyond the head", "nobody is ahead of me", 0);
    }

    @Override
    public void answered(SyncAnswer.Kind kind, int entries, long bytes) {
      answered++;
    }
  }

  private static String snapshotJson() {
    return AnswerJson.toJson(new SyncAnswer.Snapshot(CHAIN.head(), CHAIN.book())).toString();
  }

  private static InputStream request(long version) {
    String hash = version == 0 ? Hashes.ZERO : CHAIN.entries().get((int) version - 1).hash();
    return body(WireJson.toJson(new SyncRequest("n", version, hash, 100)).toString());
  }

  private static InputStream body(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesAMalformedRequestWith400BeforeAskingTheGate() {
    ServingSlots slots = new ServingSlots(2);
    SyncServing serving =
        new SyncServing(
            (request, authorization) -> {
              throw new AssertionError("the gate must not see a malformed request");
            },
            new ChainSource(false),
            slots);

    try (SyncReply reply = serving.serve(body("{\"nodeId\":\"n\"}"), TOKEN, null, "/api/sync")) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.headers()).containsEntry("Content-Type", "application/problem+json");
      assertThat(text(reply))
          .contains("\"title\":\"Malformed request\"")
          .contains("\"instance\":\"/api/sync\"");
    }
    assertThat(slots.served().requests()).isZero();
  }

  @Test
  void refusesAMissingTokenWith401AndAChallengeAndAnotherNodesWith403() {
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), slots());

    try (SyncReply missing = serving.serve(request(0), null, null, null);
        SyncReply others = serving.serve(request(0), "Bearer other", null, null)) {
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"peerbook\"");
      assertThat(text(missing)).contains("no node token").doesNotContain("instance");
      assertThat(others.status()).isEqualTo(403);
      assertThat(others.headers()).doesNotContainKey("WWW-Authenticate");
      assertThat(text(others)).contains("\"title\":\"Not entitled\"");
    }
    assertThat(serving.slots().served().requests()).isZero();
  }

  @Test
  void servesOneNodeAtMostItsShareAtOnceAndTheOthersBesideIt() {
    SyncServing serving =
        new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), new ServingSlots(10, 2));

    SyncReply first = serving.serve(requestFrom("n"), TOKEN, null, null);
    SyncReply second = serving.serve(requestFrom("n"), TOKEN, null, null);
    try (SyncReply third = serving.serve(requestFrom("n"), TOKEN, null, null);
        SyncReply other = serving.serve(requestFrom("m"), TOKEN, null, null)) {
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.headers()).containsEntry("Retry-After", "1");
      assertThat(text(third))
          .contains("\"title\":\"Too many answers at once\"")
          .contains("node n is being served 2 answers already");
      assertThat(other.status()).as("another node").isEqualTo(200);
    }
    first.close();
    first.close();
    try (SyncReply again = serving.serve(requestFrom("n"), TOKEN, null, null)) {
      assertThat(again.status())
          .as("one of its answers ended (closing twice gives one back)")
          .isEqualTo(200);
      try (SyncReply over = serving.serve(requestFrom("n"), TOKEN, null, null)) {
        assertThat(over.status()).isEqualTo(429);
      }
    }
    second.close();
    assertThat(serving.slots().inUse()).isZero();
  }

  @Test
  void aNodeTurnedAwayForWantOfSlotsKeepsItsShare() {
    SyncServing serving =
        new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), new ServingSlots(1, 1));

    try (SyncReply holder = serving.serve(requestFrom("n"), TOKEN, null, null)) {
      for (int i = 0; i < 3; i++) {
        try (SyncReply busy = serving.serve(requestFrom("m"), TOKEN, null, null)) {
          assertThat(busy.status()).as("busy, not over its share").isEqualTo(503);
        }
      }
    }
    try (SyncReply served = serving.serve(requestFrom("m"), TOKEN, null, null)) {
      assertThat(served.status()).isEqualTo(200);
    }
  }

  private static InputStream requestFrom(String node) {
    return body(WireJson.toJson(new SyncRequest(node, 0, Hashes.ZERO, 100)).toString());
  }

  @Test
  void turnsAwayARequestWhenEverySlotIsTakenAndServesItOnceOneIsFree() {
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), slots());

    SyncReply first = serving.serve(request(0), TOKEN, null, null);
    try (SyncReply second = serving.serve(request(0), TOKEN, null, null)) {
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.headers()).containsEntry("Retry-After", "2");
      assertThat(text(second)).contains("\"title\":\"Busy\"");
    }
    assertThat(serving.slots().inUse()).isEqualTo(1);
    first.close();
    first.close();

    assertThat(serving.slots().inUse()).as("closing twice gives back one slot").isZero();
    try (SyncReply third = serving.serve(request(0), TOKEN, null, null)) {
      assertThat(third.status()).isEqualTo(200);
    }
    assertThat(serving.slots().served().requests()).isEqualTo(2);
    assertThat(serving.slots().served().peak()).isEqualTo(1);
  }

  @Test
  void gzipsALargeDeltaOnlyForARequesterThatTakesIt() throws IOException {
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), slots(2));

    try (SyncReply gzipped = serving.serve(request(0), TOKEN, "gzip", null);
        SyncReply refused = serving.serve(request(0), TOKEN, "gzip;q=0, identity", null)) {
      assertThat(gzipped.headers()).containsEntry("Content-Encoding", "gzip");
      byte[] compressed = bytes(gzipped);
      assertThat(compressed.length).isEqualTo(gzipped.contentLength());
      String json = gunzip(compressed);
      assertThat(refused.headers()).doesNotContainKey("Content-Encoding");
      assertThat(text(refused)).isEqualTo(json);
      var delta = (SyncAnswer.Delta) AnswerJson.readAnswer(WireJson.parse(body(json)));
      assertThat(delta.entries()).hasSize(40);
      assertThat(delta.complete()).isTrue();
    }
  }

  @Test
  void sendsASmallAnswerAsItIsEvenToARequesterThatTakesGzip() {
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), slots());

    try (SyncReply equal = serving.serve(request(40), TOKEN, "gzip", null)) {
      assertThat(equal.status()).isEqualTo(200);
      assertThat(equal.headers()).doesNotContainKey("Content-Encoding");
      assertThat(text(equal)).contains("\"kind\":\"EQUAL\"");
    }
  }

  @Test
  void streamsTheSnapshotGzippedAsKeptOrInflated() throws IOException {
    ChainSource source = new ChainSource(true);
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, source, slots(2));

    try (SyncReply gzipped = serving.serve(request(0), TOKEN, "x-other, GZIP", null);
        SyncReply plain = serving.serve(request(0), TOKEN, null, null)) {
      assertThat(gzipped.headers()).containsEntry("Content-Encoding", "gzip");
      assertThat(gunzip(bytes(gzipped))).isEqualTo(snapshotJson());
      assertThat(plain.contentLength()).as("inflated while it streams").isEqualTo(-1);
      assertThat(text(plain)).isEqualTo(snapshotJson());
    }
    assertThat(source.answered).isEqualTo(2);
  }

  @Test
  void letsTheSourceDecideWhatARequesterAheadOfItGets() {
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, new ChainSource(false), slots());
    String ahead = WireJson.toJson(new SyncRequest("n", 41, Hashes.ZERO, 100)).toString();

    try (SyncReply reply = serving.serve(body(ahead), TOKEN, null, null)) {
      assertThat(reply.status()).isEqualTo(409);
      assertThat(text(reply)).contains("nobody is ahead of me");
    }
    assertThat(serving.slots().inUse()).as("the refusal gave its slot back").isZero();
  }

  @Test
  void answersAFailingSourceWith500AndGivesItsSlotBack() {
    ChainSource source = new ChainSource(false);
    source.failure = new IllegalArgumentException("the disk is gone");
    SyncServing serving = new SyncServing(GOOD_TOKEN_ONLY, source, slots());

    try (SyncReply reply = serving.serve(request(0), TOKEN, null, null)) {
      assertThat(reply.status()).isEqualTo(500);
      assertThat(text(reply)).contains("Internal error").doesNotContain("disk");
    }
    assertThat(serving.slots().inUse()).isZero();
  }

  @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "NULL|false",
        "''|false",
        "identity|false",
        "gzip|true",
        "GZip|true",
        "deflate, gzip|true",
        "gzip;q=0.5|true",
        "gzip;q=0|false",
        "gzip; q=0.000|false",
        "gzip;Q=0.0, identity|false",
        "x-gzip|false",
        "gzipped|false"
      })
  void acceptsGzipUnlessItIsRefusedWithQZero(String acceptEncoding, boolean accepted) {
    assertThat(SyncBinding.acceptsGzip(acceptEncoding)).isEqualTo(accepted);
  }

  private static ServingSlots slots() {
    return new ServingSlots(1);
  }

  private static ServingSlots slots(int max) {
    return new ServingSlots(max);
  }

  private static byte[] bytes(SyncReply reply) {
    var out = new ByteArrayOutputStream();
    try {
      reply.writeBody(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String text(SyncReply reply) {
    return new String(bytes(reply), StandardCharsets.UTF_8);
  }

  private static String gunzip(byte[] gzipped) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] gzip(String json) {
    var buffer = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(buffer)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
