package org.peerbook.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes sync answers as JSON ({@link SyncAnswer}; their entries and heads are {@link
 * WireJson}'s, their contacts {@link ContactJson}'s). Reading is strict, as {@link WireJson}'s.
 */
public final class AnswerJson {
  private static final JsonProvider JSON = JsonBuilders.PROVIDER;

  private static final Set<String> ANSWER_FIELDS =
      Set.of("kind", "head", "entries", "complete", "contacts", "sourceVersion", "sourceHash");
  private static final Map<String, Set<String>> ANSWER_MEMBERS =
      Map.of(
          "EQUAL", Set.of("kind", "head"),
          "DELTA", Set.of("kind", "head", "entries", "complete"),
          "SNAPSHOT", Set.of("kind", "head", "contacts"),
          "REQUESTER_NEWER", Set.of("kind", "sourceVersion", "sourceHash"));

  /** The end of a SNAPSHOT answer begun with {@link #snapshotOpening(SignedHead)}. */
  public static final String SNAPSHOT_CLOSING = "]}";

  private AnswerJson() {}

  public static SyncAnswer readAnswer(JsonValue json) {
    String kind = StrictObject.of(json, "", ANSWER_FIELDS).requiredText("kind", 20);
    StrictObject o = StrictObject.of(json, "", answerMembers(kind));
    return switch (kind) {
      case "EQUAL" -> new SyncAnswer.Equal(WireJson.readHead(o.value("head"), "head"));
      case "DELTA" -> {
        List<JsonValue> values = o.array("entries", SyncRequest.MAX_LIMIT);
        List<ChangeEntry> entries = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          entries.add(WireJson.readEntry(values.get(i), "entries[" + i + "]"));
        }
        yield delta(o, entries);
      }
      case "SNAPSHOT" -> {
        List<JsonValue> values = o.array("contacts", Integer.MAX_VALUE);
        List<ContactDto> contacts = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          contacts.add(ContactJson.read(values.get(i), "contacts[" + i + "]", true));
        }
        yield new SyncAnswer.Snapshot(WireJson.readHead(o.value("head"), "head"), contacts);
      }
      case "REQUESTER_NEWER" ->
          new SyncAnswer.RequesterNewer(
              o.requiredLong("sourceVersion", 0, Long.MAX_VALUE),
              WireJson.requireHash(o, "sourceHash"));
      default ->
          throw new MalformedMessageException(
              "kind", "must be EQUAL, DELTA, SNAPSHOT or REQUESTER_NEWER");
    };
  }

  /**
   * The members an answer of this kind may have: a member of another kind is refused too.
   *
   * @throws MalformedMessageException for an unknown kind
   */
  /**
   * A DELTA answer whose {@code entries} were read already ({@link StreamingAnswerReader}); {@code
   * json} holds its other members.
   */
  static SyncAnswer.Delta readDelta(JsonValue json, List<ChangeEntry> entries) {
    return delta(StrictObject.of(json, "", answerMembers("DELTA")), entries);
  }

  private static SyncAnswer.Delta delta(StrictObject o, List<ChangeEntry> entries) {
    return new SyncAnswer.Delta(
        WireJson.readHead(o.value("head"), "head"), entries, o.requiredBoolean("complete"));
  }

  static Set<String> answerMembers(String kind) {
    Set<String> members = ANSWER_MEMBERS.get(kind);
    if (members == null) {
      throw new MalformedMessageException(
          "kind", "must be EQUAL, DELTA, SNAPSHOT or REQUESTER_NEWER");
    }
    return members;
  }

  /** The answer as a JSON tree: the members {@link #bytes} writes, in the same order. */
  public static JsonObject toJson(SyncAnswer answer) {
    try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes(answer)))) {
      return reader.readObject();
    }
  }

  /**
   * The answer as JSON in UTF-8 (a generator's default), {@code kind} first. A DELTA's entries and
   * a SNAPSHOT's contacts are written one at a time, so that only the bytes are held, not a JSON
   * tree of thousands of entries as well (several times their size: a serving agent has a heap of
   * 128 MB).
   */
  public static byte[] bytes(SyncAnswer answer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(bytes)) {
      generator.writeStartObject().write("kind", answer.kind().name());
      if (answer instanceof SyncAnswer.Equal equal) {
        generator.write("head", WireJson.toJson(equal.head()));
      } else if (answer instanceof SyncAnswer.Delta delta) {
        generator.write("head", WireJson.toJson(delta.head())).writeStartArray("entries");
        delta.entries().forEach(entry -> generator.write(WireJson.toJson(entry)));
        generator.writeEnd().write("complete", delta.complete());
      } else if (answer instanceof SyncAnswer.Snapshot snapshot) {
        generator.write("head", WireJson.toJson(snapshot.head())).writeStartArray("contacts");
        snapshot.contacts().forEach(contact -> generator.write(ContactJson.toJson(contact)));
        generator.writeEnd();
      } else if (answer instanceof SyncAnswer.RequesterNewer newer) {
        generator
            .write("sourceVersion", newer.sourceVersion())
            .write("sourceHash", newer.sourceHash());
      }
      generator.writeEnd();
    }
    return bytes.toByteArray();
  }

  /**
   * Writes the opening of a SNAPSHOT answer to a stream: the head first, so that a receiver can
   * check contacts as they arrive. The caller writes each contact with {@code
   * generator.write(ContactJson.toJson(contact))} and closes with {@code writeEnd().writeEnd()}.
   */
  public static void startSnapshot(JsonGenerator generator, SignedHead head) {
    generator
        .writeStartObject()
        .write("kind", SyncAnswer.Kind.SNAPSHOT.name())
        .write("head", WireJson.toJson(head))
        .writeStartArray("contacts");
  }

  /**
   * The opening of a SNAPSHOT answer, for writers that copy contacts already encoded with {@link
   * ContactJson#toJson(ContactDto)}: separate them with commas and close with {@link
   * #SNAPSHOT_CLOSING}.
   */
  public static String snapshotOpening(SignedHead head) {
    return "{\"kind\":\"SNAPSHOT\",\"head\":" + WireJson.toJson(head) + ",\"contacts\":[";
  }
}
