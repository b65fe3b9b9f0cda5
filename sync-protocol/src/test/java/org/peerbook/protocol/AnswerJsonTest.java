package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerJsonTest {

  /**
   * Every kind of answer, with texts that must be escaped or are not ASCII, is read back as the
   * answer it was, its {@code kind} first (readers take a DELTA's entries one at a time then).
   */
  @Test
  void writesEveryAnswerSoThatItReadsBackTheSameKindFirst() {
    Samples.Chain chain = Samples.chain(Samples.keyPair(), 6);
    ContactDto escaped =
        new ContactDto(
            "c-escaped",
            "\"Quoted\" \\ Back-slashed 王",
            null,
            null,
            List.of("q@example.com"),
            List.of(),
            null,
            null,
            null,
            null,
            null,
            Map.of("note", "a \"quote\", a \\ and \u2028, a line separator"));
    List<ChangeEntry> entries = new ArrayList<>(chain.entries());
    entries.add(
        HashChain.seal(
            7, escaped.id(), Operation.UPSERT, escaped, Samples.T0, chain.entries().get(5).hash()));
    List<SyncAnswer> answers =
        List.of(
            new SyncAnswer.Equal(chain.head()),
            new SyncAnswer.Delta(chain.head(), entries, true),
            new SyncAnswer.Delta(chain.head(), List.of(), false),
            new SyncAnswer.Snapshot(chain.head(), List.of(Samples.wang(), escaped)),
            new SyncAnswer.RequesterNewer(4, chain.entries().get(3).hash()));
    for (SyncAnswer answer : answers) {
      byte[] bytes = AnswerJson.bytes(answer);

      assertThat(new String(bytes, StandardCharsets.UTF_8))
          .startsWith("{\"kind\":\"" + answer.kind().name() + "\",");
      assertThat(AnswerJson.readAnswer(WireJson.parse(new ByteArrayInputStream(bytes))))
          .as(answer.kind().name())
          .isEqualTo(answer);
      assertThat(AnswerJson.toJson(answer).toString())
          .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
