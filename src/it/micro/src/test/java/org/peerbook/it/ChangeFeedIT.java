package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /api/changes: pages of the log, long polls, and no silent gap after compaction. */
class ChangeFeedIT extends SharedServerIT {

  @Test
  void pagesThroughTheChangesAfterAVersion() {
    long start = BookChecks.head(api).version();
    String id = "feed-" + UUID.randomUUID();
    assertThat(api.put("contacts/" + id, "{\"displayName\":\"One\"}").status()).isEqualTo(200);
    assertThat(api.put("contacts/" + id, "{\"displayName\":\"Two\"}").status()).isEqualTo(200);
    assertThat(api.delete("contacts/" + id).status()).isEqualTo(204);

    JsonObject first = api.get("changes?since=" + start + "&limit=2").object();
    JsonObject second =
        api.get("changes?since=" + first.getJsonNumber("last") + "&limit=2").object();
    JsonObject none = api.get("changes?since=" + second.getJsonNumber("last")).object();

    assertThat(first.getJsonArray("changes")).hasSize(2);
    assertThat(first.getJsonNumber("last").longValue()).isEqualTo(start + 2);
    assertThat(first.getJsonNumber("head").longValue()).isEqualTo(start + 3);
    JsonObject one = first.getJsonArray("changes").getJsonObject(0);
    assertThat(one.getJsonNumber("version").longValue()).isEqualTo(start + 1);
    assertThat(one.getString("contactId")).isEqualTo(id);
    assertThat(one.getString("operation")).isEqualTo("UPSERT");
    assertThat(one.getJsonObject("contact").getString("displayName")).isEqualTo("One");
    assertThat(one.getString("time")).endsWith("Z");
    List<JsonValue> rest = second.getJsonArray("changes");
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).asJsonObject().getString("operation")).isEqualTo("DELETE");
    assertThat(rest.get(0).asJsonObject().get("contact")).isEqualTo(JsonValue.NULL);
    assertThat(none.getJsonArray("changes")).isEmpty();
    assertThat(none.getJsonNumber("last").longValue()).isEqualTo(start + 3);
  }

  @Test
  void answersAWaitingRequestAsSoonAsAnotherRequestWrites() throws Exception {
    long head = BookChecks.head(api).version();
    long asked = System.nanoTime();
    CompletableFuture<Http.Reply> poll =
        CompletableFuture.supplyAsync(() -> api.get("changes?since=" + head + "&wait=50"));
    // the server holds the request: nothing newer exists yet
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !poll.isDone());

    String id = "woken-" + UUID.randomUUID();
    assertThat(api.put("contacts/" + id, "{\"displayName\":\"Wake up\"}").status()).isEqualTo(200);

    Http.Reply woken = poll.get(20, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(30));
    assertThat(woken.status()).as(woken.body()).isEqualTo(200);
    List<JsonValue> changes = woken.object().getJsonArray("changes");
    assertThat(changes).isNotEmpty();
    assertThat(changes.get(0).asJsonObject().getJsonNumber("version").longValue())
        .isEqualTo(head + 1);
    assertThat(changes).extracting(c -> c.asJsonObject().getString("contactId")).contains(id);
  }

  @Test
  void answersAnEmptyPageWhenTheWaitEndsWithoutAChange() {
    long head = BookChecks.head(api).version();
    long asked = System.nanoTime();

    JsonObject page = api.get("changes?since=" + head + "&wait=1").object();

    // other tests of this class do not run in parallel, so nothing writes meanwhile
    assertThat(Duration.ofNanos(System.nanoTime() - asked))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(page.getJsonArray("changes")).isEmpty();
    assertThat(page.getJsonNumber("last").longValue()).isEqualTo(head);
    assertThat(page.getJsonNumber("head").longValue()).isEqualTo(head);
  }

  @Test
  void refusesChangesTheCompactedLogNoLongerHoldsWith410() {
    long start = BookChecks.head(api).version();
    for (int i = 0; i < 3; i++) {
      api.put("contacts/compacted-" + UUID.randomUUID(), "{\"displayName\":\"C\"}");
    }
    long floor = start + 2;
    assertThat(api.post("book/compaction", "{\"floor\":" + floor + "}").status()).isEqualTo(200);

    Http.Reply gone = api.get("changes?since=" + (floor - 2));
    Http.Reply stillThere = api.get("changes?since=" + (floor - 1));

    ContactsApiIT.assertProblem(gone, 410);
    assertThat(gone.object().getJsonNumber("logFloor").longValue()).isGreaterThanOrEqualTo(floor);
    assertThat(gone.object().getString("detail")).contains("read the whole book again");
    assertThat(stillThere.status()).isEqualTo(200);
    assertThat(
            stillThere
                .object()
                .getJsonArray("changes")
                .getJsonObject(0)
                .getJsonNumber("version")
                .longValue())
        .isEqualTo(floor);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "since not a number | changes?since=abc            | 400 | since: must be a whole number",
        "negative since     | changes?since=-1             | 400 | since: must be a whole number",
        "limit zero         | changes?limit=0              | 400 | limit: must be a whole number from 1 to 1000",
        "limit too large    | changes?limit=100000         | 400 | limit",
        "wait too long      | changes?wait=100000          | 400 | wait: must be a whole number from 0 to 60",
        "wait negative      | changes?wait=-1              | 400 | wait",
        "since beyond head  | changes?since=9000000000000000000 | 409 | beyond the data server's head",
      })
  void refusesBadParametersWithProblemDetails(String name, String path, int status, String detail) {
    Http.Reply reply = api.get(path);

    ContactsApiIT.assertProblem(reply, status);
    assertThat(reply.object().getString("detail")).contains(detail);
  }

  @Test
  void describesTheNewEndpointsInTheOpenApiDocument() {
    Http.Reply openApi = root.get("openapi");

    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.body())
        .contains("/api/changes")
        .contains("Changes after a version, oldest first")
        .contains("/api/contacts/external/{system}/{externalId}")
        .contains("/api/contacts/export")
        .contains("text/csv")
        .contains("text/vcard");
  }
}
