package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CSV and vCard files in and out of the WAR that ships: round trips, and bad files refused whole.
 */
class ContactFilesIT extends SharedServerIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CSV                     | format=csv           |                           | text/csv",
        "vCard 3.0               | format=vcard         |                           | text/vcard",
        "vCard 4.0 by Accept     |                      | text/vcard; version=4.0   | text/vcard",
        "vCard 3.0 as text/x-vcard | format=vcard       |                           | text/x-vcard",
      })
  void exportThenImportGivesTheSameBook(
      String name, String query, String accept, String uploadType) {
    String department = "files-" + UUID.randomUUID();
    Map<String, JsonObject> before = seed(department);
    String search = "contacts/export?department=" + department + (query == null ? "" : "&" + query);

    HttpResponse<byte[]> exported =
        accept == null ? api.getBytes(search) : api.getBytes(search, "Accept", accept);

    assertThat(exported.statusCode()).isEqualTo(200);
    assertThat(exported.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith(uploadType.equals("text/x-vcard") ? "text/vcard" : uploadType);
    assertThat(exported.headers().firstValue("X-Book-Version")).isPresent();
    String text = new String(exported.body(), StandardCharsets.UTF_8);
    if (accept != null) {
      assertThat(text).contains("VERSION:4.0");
    }
    assertThat(text).contains("王小明");
    for (String id : before.keySet()) {
      assertThat(api.delete("contacts/" + id).status()).isEqualTo(204);
    }
    assertThat(contactsOf(department)).isEmpty();

    Http.Reply imported = api.post("contacts/import", exported.body(), "Content-Type", uploadType);

    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.object().getInt("imported")).isEqualTo(before.size());
    Map<String, JsonObject> after = contactsOf(department);
    assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
    before.forEach((id, contact) -> assertThat(after.get(id)).as(id).isEqualTo(contact));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"csv", "vcard"})
  void exportsEveryContactOnceAcrossPagesEvenUnderEqualNames(String format) {
    // the failsafe configuration makes export pages small: 30 contacts cross several
    String department = "pages-" + UUID.randomUUID();
    JsonArrayBuilder contacts = Json.createArrayBuilder();
    for (int i = 0; i < 30; i++) {
      contacts.add(
          Json.createObjectBuilder()
              .add("id", String.format("p%02d-%s", i, department))
              .add("displayName", i % 3 == 0 ? "Same Name" : "Name " + (i % 7))
              .add("department", department));
    }
    assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);

    String file =
        new String(
            api.getBytes("contacts/export?format=" + format + "&department=" + department).body(),
            StandardCharsets.UTF_8);

    for (int i = 0; i < 30; i++) {
      String id = String.format("p%02d-%s", i, department);
      assertThat(file.split(id, -1)).as(id).hasSize(2);
    }
  }

  @Test
  void writesCsvWithAByteOrderMarkUnlessToldNot() {
    String department = "bom-" + UUID.randomUUID();
    seed(department);

    byte[] withBom = api.getBytes("contacts/export?format=csv&department=" + department).body();
    byte[] without =
        api.getBytes("contacts/export?format=csv&bom=false&department=" + department).body();

    assertThat(withBom).startsWith(0xEF, 0xBB, 0xBF);
    assertThat(new String(without, StandardCharsets.UTF_8)).startsWith("id,displayName,");
  }

  @Test
  void writesSemicolonsForExcelWhereTheListSeparatorIsOneAndRefusesOtherSeparators() {
    String department = "excel-" + UUID.randomUUID();
    seed(department);

    byte[] excel =
        api.getBytes("contacts/export?format=csv&separator=semicolon&department=" + department)
            .body();
    Http.Reply tab = api.get("contacts/export?format=csv&separator=tab");

    assertThat(new String(excel, StandardCharsets.UTF_8)).startsWith("\uFEFFid;displayName;");
    ContactsApiIT.assertProblem(tab, 400);
    assertThat(tab.body()).contains("separator");
  }

  @Test
  void importsAnotherSystemsCsvThroughAColumnMapping() {
    String department = "mapped-" + UUID.randomUUID();
    String csv =
        "Name,Mail,Abteilung,Cost centre\r\n"
            + "\"Müller, Jürgen\",jm@example.de,"
            + department
            + ",4711\r\n"
            + "张伟,zw@example.cn,"
            + department
            + ",\r\n";

    Http.Reply imported =
        api.post(
            "contacts/import?column.displayName=Name&column.emails=Mail&column.department=Abteilung"
                + "&column.attr.costCentre=Cost%20centre",
            csv, "Content-Type", "text/csv; charset=utf-8");

    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    Map<String, JsonObject> contacts = contactsOf(department);
    assertThat(contacts.values())
        .extracting(c -> c.getString("displayName"))
        .containsExactlyInAnyOrder("Müller, Jürgen", "张伟");
    assertThat(contacts.values())
        .filteredOn(c -> c.getString("displayName").startsWith("M"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getJsonObject("attributes").getString("costCentre"))
                    .isEqualTo("4711"));
  }

  @Test
  void refusesABadCsvFileWholeListingEachBadRow() {
    long headBefore = BookChecks.head(api).version();
    String goodId = "good-" + UUID.randomUUID();
    String csv =
        "id,displayName,emails\n"
            + goodId
            + ",Good,good@example.com\n"
            + "x2,,nobody@example.com\n"
            + "x3,Bad mail,not-a-mail\n"
            + "x4,Too,many,fields\n";

    Http.Reply refused = api.post("contacts/import", csv, "Content-Type", "text/csv");

    ContactsApiIT.assertProblem(refused, 400);
    assertThat(refused.object().getJsonArray("errors"))
        .extracting(e -> e.asJsonObject().getInt("line"), e -> field(e.asJsonObject()))
        .containsExactly(tuple(3, "displayName"), tuple(4, "emails"), tuple(5, null));
    assertThat(refused.object().getJsonArray("errors").getJsonObject(2).getString("why"))
        .isEqualTo("has 4 fields, the header has 3");
    assertThat(api.get("contacts/" + goodId).status()).isEqualTo(404);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
  }

  @Test
  void refusesABadVcardFileWholeListingEachBadCard() {
    long headBefore = BookChecks.head(api).version();
    String goodId = "good-" + UUID.randomUUID();
    String vcf =
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:"
            + goodId
            + "\r\nFN:Good\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:a@example.com\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad phone\r\nTEL:call me maybe\r\nEND:VCARD\r\n";

    Http.Reply refused = api.post("contacts/import", vcf, "Content-Type", "text/vcard");

    ContactsApiIT.assertProblem(refused, 400);
    assertThat(refused.object().getJsonArray("errors"))
        .extracting(e -> e.asJsonObject().getInt("line"), e -> field(e.asJsonObject()))
        .containsExactly(tuple(6, "FN"), tuple(10, "TEL"));
    assertThat(api.get("contacts/" + goodId).status()).isEqualTo(404);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
  }

  @Test
  void refusesOtherFileTypesWith415AndUnknownFormatsWith400() {
    ContactsApiIT.assertProblem(
        api.post("contacts/import", "a;b", "Content-Type", "application/vnd.ms-excel"), 415);
    Http.Reply latin1 =
        api.post(
            "contacts/import", "displayName\nA\n", "Content-Type", "text/csv; charset=iso-8859-1");
    ContactsApiIT.assertProblem(latin1, 415);
    assertThat(latin1.object().getString("detail")).contains("UTF-8");
    ContactsApiIT.assertProblem(api.get("contacts/export?format=xlsx"), 400);
    ContactsApiIT.assertProblem(api.get("contacts/export?format=vcard&version=2.1"), 400);
  }

  /** Contacts that use every field, in several scripts, under one department. */
  private Map<String, JsonObject> seed(String department) {
    JsonArrayBuilder contacts = Json.createArrayBuilder();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    contacts.add(
        Json.createObjectBuilder()
            .add("id", "full-" + tag)
            .add("displayName", "Zoë O'Brien, \"Zo\"")
            .add("givenName", "Zoë")
            .add("familyName", "O'Brien")
            .add("emails", Json.createArrayBuilder().add("zoe@example.com").add("z@example.org"))
            .add(
                "phones",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("type", "work").add("number", "+41 44 1"))
                    .add(Json.createObjectBuilder().add("type", "mobile").add("number", "+41 79 2"))
                    .add(Json.createObjectBuilder().add("type", "fax").add("number", "+41 44 3")))
            .add("organisation", "Example AG; Zürich")
            .add("department", department)
            .add("title", "Head of \"Things\", R&D")
            .add("manager", "boss-" + tag)
            .add("officeLocation", "Building 3\\Room 7")
            .add(
                "attributes",
                Json.createObjectBuilder().add("costCentre", "4711").add("note", "a; b, c")));
    contacts.add(
        Json.createObjectBuilder()
            .add("id", "wang-" + tag)
            .add("displayName", "王小明")
            .add("givenName", "小明")
            .add("familyName", "王")
            .add("emails", Json.createArrayBuilder().add("wang@example.cn"))
            .add("department", department)
            .add("officeLocation", "北京"));
    contacts.add(
        Json.createObjectBuilder()
            .add("id", "min-" + tag)
            .add("displayName", "Just a name")
            .add("department", department));
    Http.Reply seeded = api.post("contacts/import", contacts.build());
    assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
    return contactsOf(department);
  }

  private Map<String, JsonObject> contactsOf(String department) {
    Map<String, JsonObject> contacts = new LinkedHashMap<>();
    List<JsonValue> items =
        api.get("contacts?limit=500&department=" + department).object().getJsonArray("items");
    items.forEach(c -> contacts.put(c.asJsonObject().getString("id"), c.asJsonObject()));
    return contacts;
  }

  private static String field(JsonObject error) {
    return error.containsKey("field") ? error.getString("field") : null;
  }
}
