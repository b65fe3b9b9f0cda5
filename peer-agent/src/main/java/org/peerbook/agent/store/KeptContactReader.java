package org.peerbook.agent.store;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.PhoneDto;

/**
 * Reads a contact the copy kept: JSON that {@link ContactJson#toJson} wrote of a contact {@link
 * ContactJson#read} had checked before the copy took it. It is read in one pass of the parser's
 * events, straight into the contact, without checking again what was checked when it came in:
 * reading it strictly (a tree of JSON values, then every limit and pattern) was a third of what a
 * directory search as typed cost and most of the memory it took, 100 contacts a search. Anything
 * that is not the shape toJson writes still throws: a damaged copy is never read as a contact.
 */
final class KeptContactReader {
  private static final JsonParserFactory PARSERS =
      JsonBuilders.PROVIDER.createParserFactory(Map.of());

  private KeptContactReader() {}

  static ContactDto read(byte[] json) {
    // from text: a parser over bytes decodes them through a new 8 KiB buffer each time
    try (JsonParser parser =
        PARSERS.createParser(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
      expect(parser.next(), Event.START_OBJECT);
      ContactDto contact = contact(parser);
      if (parser.hasNext()) {
        throw damaged("more after the contact");
      }
      return contact;
    } catch (JsonException | NoSuchElementException e) {
      throw new StoreException("a contact in the local copy is not JSON it wrote", e);
    }
  }

  /** The contact whose object's start was read, up to its end. */
  private static ContactDto contact(JsonParser parser) {
    Map<String, String> texts = new HashMap<>();
    List<String> emails = new ArrayList<>(2);
    List<PhoneDto> phones = new ArrayList<>(2);
    Map<String, String> attributes = Map.of();
    Event event;
    while ((event = parser.next()) == Event.KEY_NAME) {
      String member = parser.getString();
      switch (member) {
        case "emails" -> {
          expect(parser.next(), Event.START_ARRAY);
          while ((event = parser.next()) == Event.VALUE_STRING) {
            emails.add(parser.getString());
          }
          expect(event, Event.END_ARRAY);
        }
        case "phones" -> {
          expect(parser.next(), Event.START_ARRAY);
          while ((event = parser.next()) == Event.START_OBJECT) {
            Map<String, String> phone = texts(parser);
            phones.add(new PhoneDto(phone.get("type"), phone.get("number")));
          }
          expect(event, Event.END_ARRAY);
        }
        case "attributes" -> {
          expect(parser.next(), Event.START_OBJECT);
          attributes = texts(parser);
        }
        default -> {
          if (!ContactJson.FIELD_NAMES.contains(member)) {
            throw damaged("a member " + member);
          }
          expect(parser.next(), Event.VALUE_STRING);
          texts.put(member, parser.getString());
        }
      }
    }
    expect(event, Event.END_OBJECT);
    return new ContactDto(
        texts.get("id"),
        texts.get("displayName"),
        texts.get("givenName"),
        texts.get("familyName"),
        emails,
        phones,
        texts.get("organisation"),
        texts.get("department"),
        texts.get("title"),
        texts.get("manager"),
        texts.get("officeLocation"),
        attributes);
  }

  /** The members of an object whose start was read, each a string, up to its end. */
  private static Map<String, String> texts(JsonParser parser) {
    Map<String, String> texts = new HashMap<>();
    Event event;
    while ((event = parser.next()) == Event.KEY_NAME) {
      String name = parser.getString();
      expect(parser.next(), Event.VALUE_STRING);
      texts.put(name, parser.getString());
    }
    expect(event, Event.END_OBJECT);
    return texts;
  }

  private static void expect(Event event, Event expected) {
    if (event != expected) {
      throw damaged(event + " where " + expected + " belongs");
    }
  }

  private static StoreException damaged(String what) {
    return new StoreException("a contact in the local copy is not JSON it wrote: " + what);
  }
}
