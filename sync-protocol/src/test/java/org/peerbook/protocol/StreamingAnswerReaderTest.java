package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamingAnswerReaderTest {
  private static final Samples.Chain CHAIN = Samples.chain(Samples.keyPair(), 6);

  /** Collects what the reader hands out, reading a snapshot to its end. */
  private static final class Collector implements AnswerHandler<SyncAnswer> {
    final List<ContactDto> streamed = new ArrayList<>();

    @Override
    public SyncAnswer answer(SyncAnswer answer) {
      return answer;
    }

    @Override
    public SyncAnswer snapshot(SignedHead head, Iterator<ContactDto> contacts) {
      contacts.forEachRemaining(streamed::add);
      return new SyncAnswer.Snapshot(head, streamed);
    }
  }

  private static SyncAnswer read(String json, Collector collector) {
    return StreamingAnswerReader.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), collector);
  }

  @Test
  void readsEveryKindOfAnswerAsWireJsonWroteIt() {
    List<SyncAnswer> answers =
        List.of(
            new SyncAnswer.Equal(CHAIN.head()),
            new SyncAnswer.Delta(CHAIN.head(), CHAIN.entries(), true),
            new SyncAnswer.Snapshot(CHAIN.head(), CHAIN.book()),
            new SyncAnswer.RequesterNewer(4, CHAIN.entries().get(3).hash()));
    for (SyncAnswer answer : answers) {
      assertThat(read(WireJson.toJson(answer).toString(), new Collector())).isEqualTo(answer);
    }
  }

  @Test
  void streamsTheContactsOfASnapshotWrittenFromEncodedContacts() {
    StringBuilder json = new StringBuilder(WireJson.snapshotOpening(CHAIN.head()));
    List<String> encoded =
        CHAIN.book().stream().map(c -> ContactJson.toJson(c).toString()).toList();
    json.append(String.join(",", encoded)).append(WireJson.SNAPSHOT_CLOSING);
    Collector collector = new Collector();

    SyncAnswer answer = read(json.toString(), collector);

    assertThat(collector.streamed).containsExactlyElementsOf(CHAIN.book());
    assertThat(answer).isEqualTo(new SyncAnswer.Snapshot(CHAIN.head(), CHAIN.book()));
  }

  @Test
  void handsOutContactsBeforeTheMessageHasArrived() {
    String opening = WireJson.snapshotOpening(CHAIN.head());
    String first = ContactJson.toJson(CHAIN.book().get(0)).toString();
    // a stream that fails after the first contact: the handler has it already
    var broken =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream((opening + first + ",").getBytes(StandardCharsets.UTF_8)),
            new java.io.InputStream() {
              @Override
              public int read() throws java.io.IOException {
                throw new java.io.IOException("connection reset");
              }
            });
    Collector collector = new Collector();

    assertThatThrownBy(() -> StreamingAnswerReader.read(broken, collector))
        .isInstanceOf(jakarta.json.JsonException.class)
        .isNotInstanceOf(MalformedMessageException.class);
    assertThat(collector.streamed).containsExactly(CHAIN.book().get(0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON             | {"kind":                                      | malformed JSON
          an array             | []                                            | must be a JSON object
          contacts first       | {"contacts":[],"kind":"SNAPSHOT"}             | contacts: must follow
          contacts of a delta  | {"kind":"DELTA","contacts":[]}                | contacts: must follow
          a duplicate field    | {"kind":"EQUAL","kind":"EQUAL"}               | kind: appears twice
          an unknown kind      | {"kind":"MAYBE"}                              | kind: must be
          another kind's member | {"kind":"REQUESTER_NEWER","sourceVersion":1,"sourceHash":"HASH","complete":true} | complete
          a member before the contacts | {"kind":"SNAPSHOT","head":HEAD,"x":1,"contacts":[]} | x
          a delta's member before the contacts | {"kind":"SNAPSHOT","head":HEAD,"entries":[],"contacts":[]} | entries
          trailing data        | {"kind":"REQUESTER_NEWER","sourceVersion":1,"sourceHash":"HASH"} {} | Expected EOF
          """)
  void refusesMalformedAnswers(String name, String body, String message) {
    String json =
        body.replace("HASH", Hashes.ZERO).replace("HEAD", WireJson.toJson(CHAIN.head()).toString());
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesASnapshotWithAFieldAfterItsContacts() {
    String json = WireJson.snapshotOpening(CHAIN.head()) + "],\"extra\":1}";
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("fields after the contacts");
  }

  @Test
  void refusesASnapshotContactThatIsNotAnObjectNamingIt() {
    String first = ContactJson.toJson(CHAIN.book().get(0)).toString();
    String json = WireJson.snapshotOpening(CHAIN.head()) + first + ",42]}";
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("contacts[1]");
  }

  @ParameterizedTest
  @CsvSource({"40, true", "100000, false"})
  void refusesNestingDeeperThanAnyAnswerAsMalformed(int depth, boolean closed) {
    String json =
        "{\"kind\":\"EQUAL\",\"head\":"
            + "[".repeat(depth)
            + (closed ? "]".repeat(depth) + "}" : "");
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + BoundedJson.MAX_DEPTH);
  }

  @Test
  void refusesDeepNestingInsideASnapshotContact() {
    String deep = "[".repeat(100_000);
    String json = WireJson.snapshotOpening(CHAIN.head()) + "{\"id\":\"x\",\"attributes\":" + deep;
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + BoundedJson.MAX_DEPTH);
  }

  @Test
  void refusesAnAnswerWithMoreValuesThanAFullPageHolds() {
    int values = StreamingAnswerReader.MAX_ANSWER_VALUES;
    String json = "{\"kind\":\"DELTA\",\"entries\":[" + "1,".repeat(values) + "1]}";
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("too many values");
  }
}
