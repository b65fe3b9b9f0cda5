package org.peerbook.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds a JSON value from parser events, refusing nesting deeper than any message needs (and,
 * where the caller asks, more values than it needs). A JSON reader builds by recursion: a hundred
 * thousand {@code [} overflow its stack, and Parsson's own guard (depth 1,000) throws a bare {@link
 * RuntimeException}; both would escape as something other than malformed input. Building here, with
 * an explicit stack and a low cap, makes deep nesting a {@link MalformedMessageException} like any
 * other bad message.
 */
final class BoundedJson {
  /**
   * The deepest nesting of arrays and objects a message may have. The deepest real one is a phone
   * of the contact of an entry of a delta answer (6); registry messages are shallower.
   */
  static final int MAX_DEPTH = 32;

  private static final JsonProvider JSON = JsonBuilders.PROVIDER;

  private BoundedJson() {}

  /**
   * The value whose first event the parser returned last, read whole.
   *
   * @param enclosing how many arrays and objects are open around it already
   * @param maxValues the most values (scalars, arrays and objects) it may hold: each costs memory
   *     out of proportion to its bytes ({@code 1,} is two bytes and a number object)
   */
  static JsonValue valueAt(JsonParser parser, int enclosing, int maxValues) {
    Event event = parser.currentEvent();
    if (event != Event.START_ARRAY && event != Event.START_OBJECT) {
      return parser.getValue();
    }
    Deque<Open> open = new ArrayDeque<>();
    open.push(Open.of(event, enclosing + 1));
    int values = 1;
    while (true) {
      event = parser.next();
      if (event != Event.KEY_NAME && event != Event.END_ARRAY && event != Event.END_OBJECT) {
        if (++values > maxValues) {
          throw new MalformedMessageException(
              null, "holds too many values (" + maxValues + " more were allowed)");
        }
      }
      Open innermost = open.peek();
      switch (event) {
        case KEY_NAME -> innermost.key(parser.getString());
        case START_ARRAY, START_OBJECT -> open.push(Open.of(event, enclosing + open.size() + 1));
        case END_ARRAY, END_OBJECT -> {
          JsonValue done = open.pop().build();
          if (open.isEmpty()) {
            return done;
          }
          open.peek().add(done);
        }
        default -> innermost.add(parser.getValue());
      }
    }
  }

  /** An array or object being built. */
  private static final class Open {
    private final JsonArrayBuilder array;
    private final JsonObjectBuilder object;
    private final Set<String> keys;
    private String key;

    private Open(JsonArrayBuilder array, JsonObjectBuilder object) {
      this.array = array;
      this.object = object;
      this.keys = object == null ? null : new HashSet<>();
    }

    static Open of(Event start, int depth) {
      if (depth > MAX_DEPTH) {
        throw new MalformedMessageException(
            null, "malformed JSON: arrays and objects nest deeper than " + MAX_DEPTH);
      }
      return start == Event.START_ARRAY
          ? new Open(JSON.createArrayBuilder(), null)
          : new Open(null, JSON.createObjectBuilder());
    }

    void key(String name) {
      if (!keys.add(name)) {
        throw new MalformedMessageException(
            null, "malformed JSON: the key \"" + name + "\" appears twice");
      }
      key = name;
    }

    void add(JsonValue value) {
      if (array != null) {
        array.add(value);
      } else {
        object.add(key, value);
      }
    }

    JsonValue build() {
      return array != null ? array.build() : object.build();
    }
  }
}
