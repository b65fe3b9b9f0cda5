package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a hostile peer or client can send, fuzzed: every input must end in a clean refusal ({@link
 * MalformedMessageException} or {@link VerificationException}) or be the genuine signed data; no
 * other exception, no hang, and never a forged entry or contact accepted.
 *
 * <p>A normal test run replays the inputs under {@code ProtocolFuzzTestInputs/} (past findings
 * among them); the build also fuzzes each target briefly (see {@code sync-protocol/pom.xml}).
 */
class ProtocolFuzzTest {
  private static final KeyPair KEYS = Samples.keyPair();
  private static final Samples.Chain CHAIN = Samples.chain(KEYS, 12);
  private static final SyncVerifier VERIFIER = new SyncVerifier(KEYS.getPublic());
  private static final java.time.Instant TOKEN_TIME =
      java.time.Instant.parse("2026-11-25T04:00:00Z");
  private static final String GENUINE_TOKEN =
      NodeTokens.issue(
          KEYS.getPrivate(),
          new NodeToken("laptop-42", NodeToken.Audience.PEER, TOKEN_TIME.plusSeconds(60)));
  private static final byte[] GENUINE_DELTA =
      utf8(AnswerJson.toJson(new SyncAnswer.Delta(CHAIN.head(), CHAIN.entries(), true)).toString());

  @FuzzTest(maxDuration = "10s")
  void syncRequestsAreReadOrRefusedCleanly(byte[] input) {
    try {
      SyncRequest request = WireJson.readSyncRequest(WireJson.parse(stream(input)));
      // what was accepted must survive its own encoding unchanged
      assertThat(WireJson.readSyncRequest(WireJson.parse(stream(json(request)))))
          .isEqualTo(request);
    } catch (MalformedMessageException refused) {
      // a clean refusal
    }
  }

  @FuzzTest(maxDuration = "10s")
  void answersAreReadOrRefusedCleanly(byte[] input) {
    try {
      StreamingAnswerReader.read(stream(input), new Draining());
    } catch (MalformedMessageException refused) {
      // a clean refusal
    }
  }

  @FuzzTest(maxDuration = "10s")
  void aTamperedDeltaIsRefusedUnlessItIsTheGenuineOne(FuzzedDataProvider data) {
    // a genuine signed delta with a few bytes changed, as a forger would try
    byte[] tampered = GENUINE_DELTA.clone();
    int edits = data.consumeInt(1, 6);
    for (int i = 0; i < edits; i++) {
      tampered[data.consumeInt(0, tampered.length - 1)] = data.consumeByte();
    }
    SyncAnswer answer;
    try {
      answer = StreamingAnswerReader.read(stream(tampered), new Draining());
    } catch (MalformedMessageException refused) {
      return;
    }
    if (!(answer instanceof SyncAnswer.Delta delta)) {
      return;
    }
    try {
      VERIFIER.verifyDelta(SyncVerifier.ChainPoint.EMPTY_BOOK, delta.entries(), delta.head());
    } catch (VerificationException refused) {
      return;
    }
    // whatever got through verification is exactly what the data server signed
    assertThat(delta.entries()).isEqualTo(CHAIN.entries());
    assertThat(delta.head()).isEqualTo(CHAIN.head());
  }

  @FuzzTest(maxDuration = "10s")
  void contactsHaveOneCanonicalEncoding(byte[] input) {
    ContactDto contact;
    try {
      contact = ContactJson.read(WireJson.parse(stream(input)), "", true);
    } catch (MalformedMessageException refused) {
      return;
    }
    ContactDto again = ContactJson.read(WireJson.parse(stream(json(contact))), "", true);
    assertThat(again).isEqualTo(contact);
    assertThat(CanonicalEncoding.contact(again)).isEqualTo(CanonicalEncoding.contact(contact));
  }

  @FuzzTest(maxDuration = "10s")
  void nodeTokensAreRefusedUnlessGenuine(FuzzedDataProvider data) {
    // a genuine token with a few characters changed, or any text at all
    char[] token = GENUINE_TOKEN.toCharArray();
    if (data.consumeBoolean()) {
      int edits = data.consumeInt(1, 4);
      for (int i = 0; i < edits; i++) {
        token[data.consumeInt(0, token.length - 1)] = data.consumeChar();
      }
    } else {
      token = data.consumeRemainingAsString().toCharArray();
    }
    String text = new String(token);
    NodeToken claims;
    try {
      claims = NodeTokens.verify(KEYS.getPublic(), text, NodeToken.Audience.PEER, TOKEN_TIME);
    } catch (InvalidTokenException refused) {
      return;
    }
    assertThat(claims)
        .isEqualTo(
            NodeTokens.verify(
                KEYS.getPublic(), GENUINE_TOKEN, NodeToken.Audience.PEER, TOKEN_TIME));
  }

  /** Reads a snapshot to its end, as the agent does, and keeps it. */
  private static final class Draining implements AnswerHandler<SyncAnswer> {
    @Override
    public SyncAnswer answer(SyncAnswer answer) {
      return answer;
    }

    @Override
    public SyncAnswer snapshot(SignedHead head, Iterator<ContactDto> contacts) {
      List<ContactDto> read = new ArrayList<>();
      contacts.forEachRemaining(read::add);
      return new SyncAnswer.Snapshot(head, read);
    }
  }

  private static ByteArrayInputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] json(SyncRequest request) {
    return utf8(WireJson.toJson(request).toString());
  }

  private static byte[] json(ContactDto contact) {
    return utf8(ContactJson.toJson(contact).toString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
