package org.peerbook.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads a sync answer from a stream. Small answers are read whole; a SNAPSHOT's contacts are handed
 * to the {@link AnswerHandler} one by one as they are parsed, which is why a snapshot must name its
 * {@code kind} and {@code head} before its {@code contacts} (as every PeerBook writer does). A
 * DELTA's entries are read one by one too when its {@code kind} comes before them (as every
 * PeerBook writer puts it), else with the answer whole: either way the same answer, and a malformed
 * one refused.
 *
 * <p>A syntax error, and nesting deeper than {@link BoundedJson#MAX_DEPTH}, become a {@link
 * MalformedMessageException}; a stream that breaks off is a {@link JsonException}, left for the
 * transport to tell apart.
 */
public final class StreamingAnswerReader {
  private static final JsonProvider JSON = JsonBuilders.PROVIDER;
  private static final jakarta.json.stream.JsonParserFactory PARSERS =
      JSON.createParserFactory(Map.of("org.eclipse.parsson.rejectDuplicateKeys", true));

  /**
   * The most values one answer may hold outside a snapshot's contacts: a page of {@link
   * SyncRequest#MAX_LIMIT} entries, each with a contact of at most about 120 values under {@link
   * ContactLimits}. A reader holds these in memory before anything can be verified.
   */
  static final int MAX_ANSWER_VALUES = SyncRequest.MAX_LIMIT * 128;

  /** The most values one streamed contact may hold (a full contact holds about 120). */
  static final int MAX_CONTACT_VALUES = 1024;

  private StreamingAnswerReader() {}

  public static <T> T read(InputStream body, AnswerHandler<T> handler) {
    // UTF-8 as the protocol says: guessing the encoding fails on short input, not as malformed JSON
    try (JsonParser parser = PARSERS.createParser(body, StandardCharsets.UTF_8)) {
      return read(parser, handler);
    } catch (JsonParsingException e) {
      throw new MalformedMessageException(null, "malformed JSON: " + e.getMessage());
    }
  }

  private static <T> T read(JsonParser parser, AnswerHandler<T> handler) {
    if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
      throw new MalformedMessageException(null, "must be a JSON object");
    }
    JsonObjectBuilder fields = JSON.createObjectBuilder();
    int valuesLeft = MAX_ANSWER_VALUES;
    Set<String> seen = new HashSet<>();
    String kind = null;
    SignedHead head = null;
    List<ChangeEntry> entries = null;
    Event event;
    while ((event = parser.next()) == Event.KEY_NAME) {
      String key = parser.getString();
      if (!seen.add(key)) {
        throw new MalformedMessageException(key, "appears twice");
      }
      parser.next();
      if ("contacts".equals(key)) {
        if (!SyncAnswer.Kind.SNAPSHOT.name().equals(kind) || head == null) {
          throw new MalformedMessageException(
              "contacts", "must follow the kind SNAPSHOT and the head");
        }
        // what came before the contacts is held to the same members as a whole answer
        StrictObject.of(fields.build(), "", AnswerJson.answerMembers(kind));
        ContactStream contacts = new ContactStream(parser);
        T result = handler.snapshot(head, contacts);
        if (!contacts.ended) {
          throw new IllegalStateException("the handler left the snapshot unread");
        }
        return result;
      }
      if ("entries".equals(key) && SyncAnswer.Kind.DELTA.name().equals(kind)) {
        entries = new ArrayList<>();
        valuesLeft = readEntries(parser, entries, valuesLeft);
        continue;
      }
      JsonValue value = valueAt(parser, 1, valuesLeft);
      valuesLeft -= count(value);
      fields.add(key, value);
      if ("kind".equals(key) && value.getValueType() == JsonValue.ValueType.STRING) {
        kind = ((jakarta.json.JsonString) value).getString();
      } else if ("head".equals(key)) {
        head = WireJson.readHead(value, "head");
      }
    }
    if (event != Event.END_OBJECT) {
      throw new MalformedMessageException(null, "must be a JSON object");
    }
    requireEnd(parser);
    return handler.answer(
        entries == null
            ? AnswerJson.readAnswer(fields.build())
            : AnswerJson.readDelta(fields.build(), entries));
  }

  /**
   * A DELTA's entries, each read into a {@link ChangeEntry} as soon as it is parsed: ten thousand
   * entries held as a JSON tree take several times the memory of the entries themselves. Bounded as
   * a whole answer is: at most {@link SyncRequest#MAX_LIMIT} entries, and the values of all of them
   * within {@code valuesLeft}.
   *
   * @return the values left for the rest of the answer
   */
  private static int readEntries(JsonParser parser, List<ChangeEntry> entries, int valuesLeft) {
    if (parser.currentEvent() != Event.START_ARRAY) {
      throw new MalformedMessageException("entries", "must be an array");
    }
    valuesLeft--;
    while (parser.next() != Event.END_ARRAY) {
      if (entries.size() == SyncRequest.MAX_LIMIT) {
        throw new MalformedMessageException(
            "entries", "has more than " + SyncRequest.MAX_LIMIT + " elements");
      }
      if (valuesLeft <= 0) {
        throw new MalformedMessageException("entries", "holds too many values");
      }
      JsonValue entry = valueAt(parser, 2, valuesLeft);
      valuesLeft -= count(entry);
      entries.add(WireJson.readEntry(entry, "entries[" + entries.size() + "]"));
    }
    return valuesLeft;
  }

  /**
   * The value the parser is at, read whole. Parsson reports a duplicate key as a state error and an
   * unreadable number as a format error; both are malformed input (found by fuzzing).
   */
  private static JsonValue valueAt(JsonParser parser, int enclosing, int maxValues) {
    try {
      return BoundedJson.valueAt(parser, enclosing, maxValues);
    } catch (IllegalStateException | NumberFormatException e) {
      // NumberFormatException: a number such as 1E99999999999, read eagerly as a BigDecimal
      throw new MalformedMessageException(null, "malformed JSON: " + e.getMessage());
    }
  }

  /** The values {@code value} holds, itself included. */
  private static int count(JsonValue value) {
    return switch (value.getValueType()) {
      case ARRAY -> 1 + value.asJsonArray().stream().mapToInt(StreamingAnswerReader::count).sum();
      case OBJECT ->
          1 + value.asJsonObject().values().stream().mapToInt(StreamingAnswerReader::count).sum();
      default -> 1;
    };
  }

  private static void requireEnd(JsonParser parser) {
    if (parser.hasNext()) {
      throw new MalformedMessageException(null, "has data after the answer");
    }
  }

  /** The contacts array, read one contact per {@link #next()}. */
  private static final class ContactStream implements Iterator<ContactDto> {
    private final JsonParser parser;
    private Event pending;
    private int index;
    private boolean ended;

    ContactStream(JsonParser parser) {
      this.parser = parser;
      if (parser.currentEvent() != Event.START_ARRAY) {
        throw new MalformedMessageException("contacts", "must be an array");
      }
    }

    @Override
    public boolean hasNext() {
      if (ended) {
        return false;
      }
      if (pending == null) {
        pending = parser.next();
      }
      if (pending == Event.END_ARRAY) {
        // the snapshot is over: only the end of the answer may follow
        if (parser.next() != Event.END_OBJECT) {
          throw new MalformedMessageException(null, "has fields after the contacts");
        }
        requireEnd(parser);
        ended = true;
        return false;
      }
      return true;
    }

    @Override
    public ContactDto next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String path = "contacts[" + index++ + "]";
      if (pending != Event.START_OBJECT) {
        throw new MalformedMessageException(path, "must be an object");
      }
      pending = null;
      // inside the answer and its contacts array
      return ContactJson.read(valueAt(parser, 2, MAX_CONTACT_VALUES), path, true);
    }
  }
}
