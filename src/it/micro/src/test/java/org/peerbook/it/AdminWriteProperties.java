package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.peerbook.protocol.ContactLimits;

/**
 * Property-based tests of the admin API's contact writes against a real data server on one
 * database: any valid contact (text from every plane, combining marks, right-to-left scripts, at
 * and around every length limit) is stored and read back exactly; any reordering of its e-mails and
 * phones is too; anything over a limit is a 400 naming the field. Never a 500. Each database's
 * subclass starts its server once for all its tries.
 */
abstract class AdminWriteProperties {
  private static final List<String> TEXT_FIELDS =
      List.of(
          "displayName",
          "givenName",
          "familyName",
          "organisation",
          "department",
          "title",
          "manager",
          "officeLocation");

  static ServerProcess server;
  static Databases.Database database;

  static void start(String kind) {
    database = Databases.open(kind);
    server =
        new ServerProcess(ServerProcess.workDirectory("admin-writes-" + kind), database.settings())
            .start();
  }

  static void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (database != null) {
      database.close();
      database = null;
    }
  }

  @Property(tries = 80)
  void storesAndReadsBackAnyValidContact(@ForAll("contacts") JsonObject contact) {
    String id = "p-" + UUID.randomUUID();

    Http.Reply written = server.api().put("contacts/" + id, contact.toString());

    assertThat(written.status()).as(written.body()).isEqualTo(200);
    assertThat(readBack(id)).isEqualTo(withId(contact, id));
  }

  @Property(tries = 30)
  void storesAnyReorderingOfEmailsAndPhones(
      @ForAll("contacts") JsonObject contact,
      @ForAll @IntRange(min = 1, max = 3) int rewrites,
      @ForAll Random random) {
    String id = "r-" + UUID.randomUUID();
    Http api = server.api();
    assertThat(api.put("contacts/" + id, contact.toString()).status()).isEqualTo(200);
    List<JsonValue> emails = new ArrayList<>(contact.getJsonArray("emails"));
    List<JsonValue> phones = new ArrayList<>(contact.getJsonArray("phones"));

    for (int i = 0; i < rewrites; i++) {
      Collections.shuffle(emails, random);
      Collections.shuffle(phones, random);
      if (i == rewrites - 1 && emails.size() > 1) {
        emails.remove(0);
      }
      JsonObject reordered =
          Json.createObjectBuilder(contact)
              .add("emails", Json.createArrayBuilder(emails))
              .add("phones", Json.createArrayBuilder(phones))
              .build();
      Http.Reply written = api.put("contacts/" + id, reordered.toString());

      assertThat(written.status()).as(written.body()).isEqualTo(200);
      assertThat(readBack(id)).isEqualTo(withId(reordered, id));
    }
  }

  /** What the reordering property found on PostgreSQL once: one of two equal phones got lost. */
  @Example
  void keepsEqualEmailsAndPhonesThroughReorderings() {
    String id = "d-" + UUID.randomUUID();
    JsonObject desk = Json.createObjectBuilder().add("type", "z").add("number", "+-").build();
    JsonObject mobile =
        Json.createObjectBuilder().add("type", "mobile").add("number", "+1").build();
    List<List<Object>> versions =
        List.of(
            List.of(List.of("a@x", "b@x", "a@x"), List.of(desk, mobile, desk)),
            List.of(List.of("b@x", "a@x", "a@x"), List.of(mobile, desk, desk)),
            List.of(List.of("a@x", "a@x"), List.of(desk, desk)),
            List.of(List.of("a@x", "a@x", "c@x"), List.of(desk, desk, mobile)));
    for (List<Object> version : versions) {
      JsonArrayBuilder emails = Json.createArrayBuilder();
      ((List<?>) version.get(0)).forEach(email -> emails.add((String) email));
      JsonArrayBuilder phones = Json.createArrayBuilder();
      ((List<?>) version.get(1)).forEach(phone -> phones.add((JsonObject) phone));
      JsonObject contact =
          Json.createObjectBuilder()
              .add("displayName", "Twice")
              .add("emails", emails)
              .add("phones", phones)
              .add("attributes", Json.createObjectBuilder())
              .build();

      Http.Reply written = server.api().put("contacts/" + id, contact.toString());

      assertThat(written.status()).as(written.body()).isEqualTo(200);
      assertThat(readBack(id)).isEqualTo(withId(contact, id));
    }
  }

  /** Lengths just under, at and just over each limit, built of one- and two-unit characters. */
  @Property(tries = 60)
  void acceptsTextUpToEachLimitAndRefusesItBeyondNamingTheField(
      @ForAll("limitedFields") Map.Entry<String, Integer> field,
      @ForAll @IntRange(min = -1, max = 1) int offset,
      @ForAll("codePoints") List<Integer> material) {
    int length = field.getValue() + offset;
    boolean email = field.getKey().equals("emails");
    String text =
        fit(
            email ? material.stream().filter(c -> c != '@').toList() : material,
            length,
            email ? 2 : 0);
    JsonObjectBuilder contact = Json.createObjectBuilder().add("displayName", "Edge");
    String at = field.getKey();
    switch (field.getKey()) {
      case "emails" -> {
        text = text.substring(0, text.length() - 2) + "@x";
        contact.add("emails", Json.createArrayBuilder().add(text));
        at = "emails[0]";
      }
      case "attributes" -> {
        contact.add("attributes", Json.createObjectBuilder().add("note", text));
        at = "attributes.note";
      }
      default -> contact.add(field.getKey(), text);
    }
    JsonObject sent = contact.build();
    String id = "e-" + UUID.randomUUID();

    Http.Reply written = server.api().put("contacts/" + id, sent.toString());

    assertThat(text).hasSize(length);
    if (offset <= 0) {
      assertThat(written.status()).as(written.body()).isEqualTo(200);
      assertThat(readBack(id)).isEqualTo(withId(complete(sent), id));
    } else {
      ContactsApiIT.assertProblem(written, 400);
      assertThat(written.object().getString("detail")).contains(at).contains("longer than");
      assertThat(server.api().get("contacts/" + id).status()).isEqualTo(404);
    }
  }

  private static JsonObject readBack(String id) {
    Http.Reply read = server.api().get("contacts/" + id);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    return read.object();
  }

  private static JsonObject withId(JsonObject contact, String id) {
    return Json.createObjectBuilder(contact).add("id", id).build();
  }

  /** What the server writes back for a contact: every list and map present, if empty. */
  private static JsonObject complete(JsonObject contact) {
    JsonObjectBuilder full = Json.createObjectBuilder(contact);
    for (String list : List.of("emails", "phones")) {
      if (!contact.containsKey(list)) {
        full.add(list, Json.createArrayBuilder());
      }
    }
    if (!contact.containsKey("attributes")) {
      full.add("attributes", Json.createObjectBuilder());
    }
    return full.build();
  }

  // ---- generators ----

  @Provide
  Arbitrary<Map.Entry<String, Integer>> limitedFields() {
    List<Map.Entry<String, Integer>> fields = new ArrayList<>();
    TEXT_FIELDS.forEach(name -> fields.add(Map.entry(name, ContactLimits.MAX_TEXT)));
    fields.add(Map.entry("emails", ContactLimits.MAX_EMAIL));
    fields.add(Map.entry("attributes", ContactLimits.MAX_ATTRIBUTE_VALUE));
    return Arbitraries.of(fields);
  }

  /**
   * Code points a contact's text may hold: every plane, with extra weight on the troublesome ones.
   */
  @Provide
  Arbitrary<List<Integer>> codePoints() {
    return codePoint().list().ofMinSize(1).ofMaxSize(1100);
  }

  private static Arbitrary<Integer> codePoint() {
    return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(0x21, 0x7E)),
            Tuple.of(2, Arbitraries.integers().between(0xA0, 0xFFFD)),
            Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10FFFF)),
            Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)),
            Tuple.of(2, Arbitraries.integers().between(0x0300, 0x036F)),
            Tuple.of(2, Arbitraries.integers().between(0x0590, 0x06FF)),
            Tuple.of(1, Arbitraries.of(0x200F, 0x202E, 0x2066, 0xFEFF, 0x200D)))
        .filter(c -> !Character.isSurrogate((char) (int) c) || c > 0xFFFF)
        .filter(c -> !Character.isISOControl(c));
  }

  /**
   * Exactly {@code length} UTF-16 units of {@code material}, padded with a letter where a two-unit
   * character would not fit; never blank. {@code reserve} units at the end are letters.
   */
  private static String fit(List<Integer> material, int length, int reserve) {
    StringBuilder text = new StringBuilder("a");
    for (int codePoint : material) {
      if (text.length() + Character.charCount(codePoint) > length - reserve) {
        break;
      }
      text.appendCodePoint(codePoint);
    }
    while (text.length() < length) {
      text.append('z');
    }
    return text.toString();
  }

  private static Arbitrary<String> text(int min, int max, boolean forEmail) {
    Arbitrary<Integer> codePoint =
        forEmail ? codePoint().filter(c -> c != '@' && !Character.isWhitespace(c)) : codePoint();
    return Arbitraries.integers()
        .between(min, max)
        .flatMap(
            length -> codePoint.list().ofMaxSize(length).map(material -> fit(material, length, 0)));
  }

  @Provide
  Arbitrary<JsonObject> contacts() {
    Arbitrary<String> name = text(1, ContactLimits.MAX_TEXT, false);
    Arbitrary<String> optional = name.injectNull(0.3);
    Arbitrary<String> email =
        Combinators.combine(text(1, 120, true), text(1, 120, true)).as((a, b) -> a + "@" + b);
    Arbitrary<List<String>> emails = email.list().ofMaxSize(ContactLimits.MAX_EMAILS);
    Arbitrary<List<JsonObject>> phones =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(16),
                Arbitraries.strings()
                    .withChars("0123456789 ()./-")
                    .ofMinLength(1)
                    .ofMaxLength(31)
                    .map(number -> "+" + number))
            .as(
                (type, number) ->
                    Json.createObjectBuilder().add("type", type).add("number", number).build())
            .list()
            .ofMaxSize(ContactLimits.MAX_PHONES);
    Arbitrary<Map<String, String>> attributes =
        Arbitraries.maps(
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .ofMinLength(1)
                    .ofMaxLength(ContactLimits.MAX_ATTRIBUTE_NAME),
                text(1, ContactLimits.MAX_ATTRIBUTE_VALUE, false))
            .ofMaxSize(4);
    return Combinators.combine(
            name, optional.list().ofSize(TEXT_FIELDS.size() - 1), emails, phones, attributes)
        .as(
            (displayName, others, emailList, phoneList, attributeMap) -> {
              JsonObjectBuilder contact =
                  Json.createObjectBuilder().add("displayName", displayName);
              for (int i = 1; i < TEXT_FIELDS.size(); i++) {
                if (others.get(i - 1) != null) {
                  contact.add(TEXT_FIELDS.get(i), others.get(i - 1));
                }
              }
              JsonArrayBuilder emailArray = Json.createArrayBuilder();
              emailList.forEach(emailArray::add);
              JsonArrayBuilder phoneArray = Json.createArrayBuilder();
              phoneList.forEach(phoneArray::add);
              JsonObjectBuilder attributeObject = Json.createObjectBuilder();
              attributeMap.forEach(attributeObject::add);
              return contact
                  .add("emails", emailArray)
                  .add("phones", phoneArray)
                  .add("attributes", attributeObject)
                  .build();
            });
  }
}
