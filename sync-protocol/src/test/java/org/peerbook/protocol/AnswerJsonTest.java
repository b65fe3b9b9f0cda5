package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerJsonTest {

  /**
   * The bytes a source sends are those of the answer's JSON tree, for every kind of answer and for
   * texts that must be escaped or are not ASCII: a delta written entry by entry is no other answer.
   */
  @Test
  void writesEveryAnswerAsTheBytesOfItsJsonTree() {
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
            Map.of("note", "tab\there, line\nthere, \u0001 and \u2028"));
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
      assertThat(new String(AnswerJson.bytes(answer), StandardCharsets.UTF_8))
          .as(answer.kind().name())
          .isEqualTo(AnswerJson.toJson(answer).toString());
    }
  }
}
