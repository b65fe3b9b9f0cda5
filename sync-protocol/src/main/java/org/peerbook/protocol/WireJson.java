package org.peerbook.protocol;

import static org.peerbook.protocol.ContactLimits.MAX_ID;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and writes the sync messages as JSON: log entries, heads, sync requests and answers (their
 * contacts are {@link ContactJson}'s). Reading is strict: anything but a well-formed message throws
 * {@link MalformedMessageException} naming the field.
 */
public final class WireJson {

  private static final Set<String> ENTRY_FIELDS =
      Set.of("version", "contactId", "operation", "contact", "time", "previousHash", "hash");
  private static final Set<String> HEAD_FIELDS =
      Set.of("version", "hash", "stateDigest", "signature");
  private static final Set<String> REQUEST_FIELDS =
      Set.of("nodeId", "version", "headHash", "limit", "syncAddress");
  private static final Pattern HTTP_URL =
      Pattern.compile("https?://[^\\s/?#@]+:[0-9]{1,5}(/[^\\s?#]*)?");
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

  private static final JsonProvider JSON = JsonBuilders.PROVIDER;

  private static final JsonParserFactory PARSERS =
      JSON.createParserFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

  private WireJson() {}

  /** Parses one JSON value; a syntax error becomes a {@link MalformedMessageException}. */
  public static JsonValue parse(InputStream body) {
    return parse(() -> PARSERS.createParser(body));
  }

  /**
   * As {@link #parse(InputStream)}, for JSON already in a string (a stored contact): without the
   * byte decoder a stream needs, which allocated 8 KiB per contact read.
   */
  public static JsonValue parse(String json) {
    return parse(() -> PARSERS.createParser(new StringReader(json)));
  }

  private static JsonValue parse(Supplier<JsonParser> opening) {
    // parser events, not a reader: a reader recurses into nesting without a bound; opening a
    // stream's parser reads its first bytes (the encoding), and may fail too
    try (JsonParser parser = opening.get()) {
      if (!parser.hasNext()) {
        throw new MalformedMessageException(null, "malformed JSON: no value");
      }
      parser.next();
      JsonValue value = BoundedJson.valueAt(parser, 0, Integer.MAX_VALUE);
      if (parser.hasNext()) {
        throw new MalformedMessageException(null, "malformed JSON: data after the value");
      }
      return value;
    } catch (JsonException | IllegalStateException | NumberFormatException e) {
      // NumberFormatException: Parsson reads 1E99999999999 eagerly as a BigDecimal (fuzzing found
      // it)
      throw new MalformedMessageException(null, "malformed JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  // ---- log entries and heads ----

  public static ChangeEntry readEntry(JsonValue json, String path) {
    StrictObject o = StrictObject.of(json, path, ENTRY_FIELDS);
    long version = o.requiredLong("version", 1, Long.MAX_VALUE);
    String contactId =
        ContactJson.requireId(o.requiredText("contactId", MAX_ID), o.path("contactId"));
    Operation operation = readOperation(o);
    ContactDto contact = null;
    if (operation == Operation.UPSERT) {
      contact = ContactJson.read(o.value("contact"), o.path("contact"), true);
      if (!contact.id().equals(contactId)) {
        throw new MalformedMessageException(o.path("contact.id"), "differs from contactId");
      }
    } else if (o.has("contact")) {
      throw new MalformedMessageException(o.path("contact"), "a delete carries no contact");
    }
    return new ChangeEntry(
        version,
        contactId,
        operation,
        contact,
        readTime(o),
        requireHash(o, "previousHash"),
        requireHash(o, "hash"));
  }

  private static Operation readOperation(StrictObject o) {
    String name = o.requiredText("operation", 16);
    try {
      return Operation.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(o.path("operation"), "must be UPSERT or DELETE");
    }
  }

  private static Instant readTime(StrictObject o) {
    String text = o.requiredText("time", 40);
    try {
      Instant time = Instant.parse(text);
      if (time.getNano() % 1_000_000 != 0) {
        throw new MalformedMessageException(o.path("time"), "must be in whole milliseconds");
      }
      return time;
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException(o.path("time"), "must be an ISO-8601 instant");
    }
  }

  private static String requireHash(StrictObject o, String name) {
    String hash = o.requiredText(name, 64);
    if (!Hashes.isHash(hash)) {
      throw new MalformedMessageException(o.path(name), "must be 64 lower-case hex digits");
    }
    return hash;
  }

  public static JsonObject toJson(ChangeEntry entry) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("version", entry.version())
            .add("contactId", entry.contactId())
            .add("operation", entry.operation().name());
    if (entry.contact() != null) {
      json.add("contact", ContactJson.toJson(entry.contact()));
    }
    return json.add("time", entry.time().toString())
        .add("previousHash", entry.previousHash())
        .add("hash", entry.hash())
        .build();
  }

  public static SignedHead readHead(JsonValue json, String path) {
    StrictObject o = StrictObject.of(json, path, HEAD_FIELDS);
    return new SignedHead(
        o.requiredLong("version", 0, Long.MAX_VALUE),
        requireHash(o, "hash"),
        requireHash(o, "stateDigest"),
        o.requiredText("signature", 200));
  }

  public static JsonObject toJson(SignedHead head) {
    return JSON.createObjectBuilder()
        .add("version", head.version())
        .add("hash", head.hash())
        .add("stateDigest", head.stateDigest())
        .add("signature", head.signature())
        .build();
  }

  // ---- sync exchange ----

  public static SyncRequest readSyncRequest(JsonValue json) {
    StrictObject o = StrictObject.of(json, "", REQUEST_FIELDS);
    String nodeId = ContactJson.requireId(o.requiredText("nodeId", MAX_ID), "nodeId");
    long version = o.requiredLong("version", 0, Long.MAX_VALUE);
    String headHash = requireHash(o, "headHash");
    int limit = (int) o.optionalLong("limit", 1, SyncRequest.MAX_LIMIT, SyncRequest.DEFAULT_LIMIT);
    String syncAddress = o.optionalText("syncAddress", 2048);
    if (syncAddress != null && !HTTP_URL.matcher(syncAddress).matches()) {
      throw new MalformedMessageException(
          "syncAddress", "must be an absolute http(s) URL with host and port");
    }
    return new SyncRequest(nodeId, version, headHash, limit, syncAddress);
  }

  public static JsonObject toJson(SyncRequest request) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("nodeId", request.nodeId())
            .add("version", request.version())
            .add("headHash", request.headHash())
            .add("limit", request.limit());
    addIfPresent(json, "syncAddress", request.syncAddress());
    return json.build();
  }

  public static SyncAnswer readAnswer(JsonValue json) {
    String kind = StrictObject.of(json, "", ANSWER_FIELDS).requiredText("kind", 20);
    StrictObject o = StrictObject.of(json, "", answerMembers(kind));
    return switch (kind) {
      case "EQUAL" -> new SyncAnswer.Equal(readHead(o.value("head"), "head"));
      case "DELTA" -> {
        List<JsonValue> values = o.array("entries", SyncRequest.MAX_LIMIT);
        List<ChangeEntry> entries = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          entries.add(readEntry(values.get(i), "entries[" + i + "]"));
        }
        yield new SyncAnswer.Delta(
            readHead(o.value("head"), "head"), entries, o.requiredBoolean("complete"));
      }
      case "SNAPSHOT" -> {
        List<JsonValue> values = o.array("contacts", Integer.MAX_VALUE);
        List<ContactDto> contacts = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
          contacts.add(ContactJson.read(values.get(i), "contacts[" + i + "]", true));
        }
        yield new SyncAnswer.Snapshot(readHead(o.value("head"), "head"), contacts);
      }
      case "REQUESTER_NEWER" ->
          new SyncAnswer.RequesterNewer(
              o.requiredLong("sourceVersion", 0, Long.MAX_VALUE), requireHash(o, "sourceHash"));
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
  static Set<String> answerMembers(String kind) {
    Set<String> members = ANSWER_MEMBERS.get(kind);
    if (members == null) {
      throw new MalformedMessageException(
          "kind", "must be EQUAL, DELTA, SNAPSHOT or REQUESTER_NEWER");
    }
    return members;
  }

  public static JsonObject toJson(SyncAnswer answer) {
    JsonObjectBuilder json = JSON.createObjectBuilder().add("kind", answer.kind().name());
    if (answer instanceof SyncAnswer.Equal equal) {
      json.add("head", toJson(equal.head()));
    } else if (answer instanceof SyncAnswer.Delta delta) {
      JsonArrayBuilder entries = JSON.createArrayBuilder();
      delta.entries().forEach(entry -> entries.add(toJson(entry)));
      json.add("head", toJson(delta.head()))
          .add("entries", entries)
          .add("complete", delta.complete());
    } else if (answer instanceof SyncAnswer.Snapshot snapshot) {
      JsonArrayBuilder contacts = JSON.createArrayBuilder();
      snapshot.contacts().forEach(contact -> contacts.add(ContactJson.toJson(contact)));
      json.add("head", toJson(snapshot.head())).add("contacts", contacts);
    } else if (answer instanceof SyncAnswer.RequesterNewer newer) {
      json.add("sourceVersion", newer.sourceVersion()).add("sourceHash", newer.sourceHash());
    }
    return json.build();
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
        .write("head", toJson(head))
        .writeStartArray("contacts");
  }

  /**
   * The opening of a SNAPSHOT answer, for writers that copy contacts already encoded with {@link
   * ContactJson#toJson(ContactDto)}: separate them with commas and close with {@link
   * #SNAPSHOT_CLOSING}.
   */
  public static String snapshotOpening(SignedHead head) {
    return "{\"kind\":\"SNAPSHOT\",\"head\":" + toJson(head) + ",\"contacts\":[";
  }

  private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }
}
