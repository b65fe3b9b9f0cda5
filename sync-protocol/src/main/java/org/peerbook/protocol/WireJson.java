package org.peerbook.protocol;

import static org.peerbook.protocol.ContactLimits.MAX_ID;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and writes the sync messages as JSON: log entries, heads and sync requests (answers are
 * {@link AnswerJson}'s, contacts {@link ContactJson}'s). Reading is strict: anything but a
 * well-formed message throws {@link MalformedMessageException} naming the field.
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

  static String requireHash(StrictObject o, String name) {
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

  private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }
}
