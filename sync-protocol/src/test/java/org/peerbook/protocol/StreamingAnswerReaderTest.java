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
      assertThat(read(AnswerJson.toJson(answer).toString(), new Collector())).isEqualTo(answer);
    }
  }

  @Test
  void streamsTheContactsOfASnapshotWrittenFromEncodedContacts() {
    StringBuilder json = new StringBuilder(AnswerJson.snapshotOpening(CHAIN.head()));
    List<String> encoded =
        CHAIN.book().stream().map(c -> ContactJson.toJson(c).toString()).toList();
    json.append(String.join(",", encoded)).append(AnswerJson.SNAPSHOT_CLOSING);
    Collector collector = new Collector();

    SyncAnswer answer = read(json.toString(), collector);

    assertThat(collector.streamed).containsExactlyElementsOf(CHAIN.book());
    assertThat(answer).isEqualTo(new SyncAnswer.Snapshot(CHAIN.head(), CHAIN.book()));
  }

  @Test
  void handsOutContactsBeforeTheMessageHasArrived() {
    String opening = AnswerJson.snapshotOpening(CHAIN.head());
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
    String json = AnswerJson.snapshotOpening(CHAIN.head()) + "],\"extra\":1}";
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("fields after the contacts");
  }

  @Test
  void refusesASnapshotContactThatIsNotAnObjectNamingIt() {
    String first = ContactJson.toJson(CHAIN.book().get(0)).toString();
    String json = AnswerJson.snapshotOpening(CHAIN.head()) + first + ",42]}";
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
    String json = AnswerJson.snapshotOpening(CHAIN.head()) + "{\"id\":\"x\",\"attributes\":" + deep;
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + BoundedJson.MAX_DEPTH);
  }

  /**
   * An answer holding more values than a full page can: in one entry when the kind comes first
   * (each entry is read on its own), in many when it comes last (the answer is read whole).
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void refusesAnAnswerWithMoreValuesThanAFullPageHolds(boolean kindFirst) {
    int values = StreamingAnswerReader.MAX_ANSWER_VALUES;
    String entries = "\"entries\":[" + (kindFirst ? "[" : "") + "1,".repeat(values) + "1]";
    String json =
        kindFirst
            ? "{\"kind\":\"DELTA\"," + entries + "]}"
            : "{" + entries + ",\"kind\":\"DELTA\"}";
    assertThatThrownBy(() -> read(json, new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("too many values");
  }

  /** A delta as PeerBook writes it, and with its members in other orders: the same answer. */
  @Test
  void readsADeltaWhateverTheOrderOfItsMembers() {
    SyncAnswer.Delta delta = new SyncAnswer.Delta(CHAIN.head(), CHAIN.entries(), false);
    for (String json :
        List.of(
            AnswerJson.toJson(delta).toString(),
            delta("\"entries\":" + entriesJson(CHAIN.entries()), ",\"kind\":\"DELTA\""),
            delta("\"kind\":\"DELTA\",\"entries\":" + entriesJson(CHAIN.entries()), ""))) {
      assertThat(read(json, new Collector())).isEqualTo(delta);
    }
  }

  @ParameterizedTest(name = "kind first: {0}")
  @CsvSource({"true", "false"})
  void refusesADeltaWithMoreEntriesThanAPageHolds(boolean kindFirst) {
    List<ChangeEntry> tooMany = new ArrayList<>();
    while (tooMany.size() <= SyncRequest.MAX_LIMIT) {
      tooMany.addAll(CHAIN.entries());
    }
    assertThatThrownBy(() -> read(deltaWith(entriesJson(tooMany), kindFirst), new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("entries: has more than " + SyncRequest.MAX_LIMIT + " elements");
  }

  @ParameterizedTest(name = "{0}, kind first: {1}")
  @CsvSource({
    "a number,         true,  42,     entries[1]",
    "a number,         false, 42,     entries[1]",
    "an entry unsealed, true,  UNSEALED, entries[1].hash",
    "an entry unsealed, false, UNSEALED, entries[1].hash",
  })
  void refusesADeltaEntryThatIsNoEntryNamingIt(
      String name, boolean kindFirst, String second, String path) {
    String first = WireJson.toJson(CHAIN.entries().get(0)).toString();
    String unsealed = first.replace(CHAIN.entries().get(0).hash(), "not a hash");
    String entries = "[" + first + "," + second.replace("UNSEALED", unsealed) + "]";
    assertThatThrownBy(() -> read(deltaWith(entries, kindFirst), new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(path);
  }

  @ParameterizedTest(name = "kind first: {0}")
  @CsvSource({"true", "false"})
  void refusesADeltaWhoseEntriesAreNoArray(boolean kindFirst) {
    assertThatThrownBy(() -> read(deltaWith("{\"version\":1}", kindFirst), new Collector()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("entries: must be an array");
  }

  private static String deltaWith(String entries, boolean kindFirst) {
    return kindFirst
        ? delta("\"kind\":\"DELTA\",\"entries\":" + entries, "")
        : delta("\"entries\":" + entries, ",\"kind\":\"DELTA\"");
  }

  /** A delta at the chain's head, {@code first} its first members and {@code last} its last. */
  private static String delta(String first, String last) {
    return "{"
        + first
        + ",\"head\":"
        + WireJson.toJson(CHAIN.head())
        + ",\"complete\":false"
        + last
        + "}";
  }

  private static String entriesJson(List<ChangeEntry> entries) {
    return entries.stream()
        .map(entry -> WireJson.toJson(entry).toString())
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }
}
