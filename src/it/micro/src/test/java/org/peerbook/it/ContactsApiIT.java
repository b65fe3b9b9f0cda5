package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SyncVerifier.ChainPoint;

/** The administrators' contact API of the WAR that ships, on a real Payara Micro. */
class ContactsApiIT extends SharedServerIT {

  @Test
  void recordsCreateUpdateAndDeleteAsOneLogEntryEach() {
    ChainPoint before = BookChecks.head(api);

    Http.Reply created =
        api.post("contacts", "{\"displayName\":\"Ada Lovelace\",\"emails\":[\"ada@example.com\"]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"" + (before.version() + 1) + "\"");
    String id = created.object().getString("id");
    assertThat(created.header("Location")).endsWith("/contacts/" + id);

    Http.Reply read = api.get("contacts/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.object().getString("displayName")).isEqualTo("Ada Lovelace");

    Http.Reply updated =
        api.put(
            "contacts/" + id,
            "{\"displayName\":\"Ada King\",\"department\":\"Analytics\"}",
            "If-Match",
            created.header("ETag"));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.header("ETag")).isEqualTo("\"" + (before.version() + 2) + "\"");

    assertThat(api.delete("contacts/" + id, "If-Match", updated.header("ETag")).status())
        .isEqualTo(204);
    assertThat(api.get("contacts/" + id).status()).isEqualTo(404);

    List<ChangeEntry> entries = BookChecks.readLogFrom(api, before).entries();
    assertThat(entries)
        .extracting(ChangeEntry::contactId, ChangeEntry::operation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id, Operation.UPSERT),
            org.assertj.core.groups.Tuple.tuple(id, Operation.UPSERT),
            org.assertj.core.groups.Tuple.tuple(id, Operation.DELETE));
    assertThat(entries.get(1).contact().department()).isEqualTo("Analytics");
    assertThat(entries.get(2).contact()).isNull();
  }

  @Test
  void refusesAStaleUpdateWith412AndKeepsTheContact() {
    String id = "stale-" + UUID.randomUUID();
    Http.Reply created = api.put("contacts/" + id, "{\"displayName\":\"First\"}");
    assertThat(created.status()).isEqualTo(200);
    String firstTag = created.header("ETag");
    assertThat(
            api.put("contacts/" + id, "{\"displayName\":\"Second\"}", "If-Match", firstTag)
                .status())
        .isEqualTo(200);
    long headBefore = BookChecks.head(api).version();

    Http.Reply stale =
        api.put("contacts/" + id, "{\"displayName\":\"Lost update\"}", "If-Match", firstTag);

    assertProblem(stale, 412);
    assertThat(api.get("contacts/" + id).object().getString("displayName")).isEqualTo("Second");
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
    assertProblem(api.delete("contacts/" + id, "If-Match", firstTag), 412);
  }

  @Test
  void refusesToCreateAnIdTwice() {
    String id = "twice-" + UUID.randomUUID();
    assertThat(api.post("contacts", "{\"id\":\"" + id + "\",\"displayName\":\"A\"}").status())
        .isEqualTo(201);
    assertProblem(api.post("contacts", "{\"id\":\"" + id + "\",\"displayName\":\"B\"}"), 409);
    assertThat(api.get("contacts/" + id).object().getString("displayName")).isEqualTo("A");
  }

  @Test
  void searchesByNamePrefixEmailAndDepartmentInPages() {
    String department = "dept-" + UUID.randomUUID();
    var contacts = Json.createArrayBuilder();
    for (String name : List.of("Émile Zola", "emma Stone", "Eve Adams", "王小明", "Bob Dylan")) {
      contacts.add(
          Json.createObjectBuilder()
              .add("displayName", name)
              .add("department", department)
              .add("emails", Json.createArrayBuilder().add(UUID.randomUUID() + "@example.com")));
    }
    assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);

    JsonObject all = api.get("contacts?department=" + department + "&limit=2&offset=0").object();
    assertThat(all.getInt("total")).isEqualTo(5);
    assertThat(all.getJsonArray("items")).hasSize(2);
    JsonObject last = api.get("contacts?department=" + department + "&limit=2&offset=4").object();
    assertThat(last.getJsonArray("items")).hasSize(1);

    JsonObject em = api.get("contacts?department=" + department.toUpperCase() + "&q=EM").object();
    assertThat(em.getJsonArray("items"))
        .extracting(v -> v.asJsonObject().getString("displayName"))
        .containsExactly("emma Stone");
    JsonObject wang = api.get("contacts?department=" + department + "&q=%E7%8E%8B").object();
    assertThat(wang.getInt("total")).isEqualTo(1);

    String email = all.getJsonArray("items").getJsonObject(0).getJsonArray("emails").getString(0);
    JsonObject byEmail = api.get("contacts?email=" + email.toUpperCase()).object();
    assertThat(byEmail.getInt("total")).isEqualTo(1);
  }

  @Test
  void importsAllOrNothing() {
    long headBefore = BookChecks.head(api).version();
    String ok1 = "imp-" + UUID.randomUUID();
    String ok2 = "imp-" + UUID.randomUUID();
    String body =
        "[{\"id\":\""
            + ok1
            + "\",\"displayName\":\"One\"},{\"id\":\""
            + ok2
            + "\",\"displayName\":\"Two\"},{\"displayName\":\"Three\",\"emails\":[\"not-an-email\"]}]";

    Http.Reply refused = api.post("contacts/import", body);

    assertProblem(refused, 400);
    assertThat(refused.object().getString("detail")).contains("[2].emails[0]");
    assertThat(api.get("contacts/" + ok1).status()).isEqualTo(404);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);

    Http.Reply duplicate =
        api.post(
            "contacts/import",
            "[{\"id\":\""
                + ok1
                + "\",\"displayName\":\"A\"},{\"id\":\""
                + ok1
                + "\",\"displayName\":\"B\"}]");
    assertProblem(duplicate, 400);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);

    Http.Reply imported =
        api.post(
            "contacts/import",
            "[{\"id\":\""
                + ok1
                + "\",\"displayName\":\"One\"},{\"id\":\""
                + ok2
                + "\",\"displayName\":\"Two\"}]");
    assertThat(imported.status()).isEqualTo(200);
    assertThat(imported.object().getInt("version")).isEqualTo((int) headBefore + 2);
  }

  @Test
  void publishesReadinessAndTheOpenApiDocument() {
    Http.Reply ready = root.get("health/ready");
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"book\"").contains("UP");

    Http.Reply openApi = root.get("openapi");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.body()).contains("PeerBook data server").contains("/contacts/import");
  }

  static void assertProblem(Http.Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = reply.object();
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank().doesNotContain("\tat ");
  }
}
