package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole fresh book through a file and back, and the change feed around it, on H2 and on
 * PostgreSQL (paging by name and id, and the attribute query, are SQL each database runs its way).
 */
class FilesAndFeedOnDatabasesIT {
  private static final int CONTACTS = 40;

  @ParameterizedTest(name = "on {0}")
  @MethodSource("org.peerbook.it.Databases#both")
  void roundTripsTheBookAndFollowsItsChanges(String kind) throws Exception {
    try (var database = Databases.open(kind);
        var server =
            new ServerProcess(ServerProcess.workDirectory("files-" + kind), database.settings())
                .start()) {
      Http api = server.api();
      StringBuilder csv =
          new StringBuilder("\uFEFFid,displayName,emails,phones,attr.costCentre\r\n");
      for (int i = 0; i < CONTACTS; i++) {
        csv.append(
            String.format(
                "c%02d,%s,c%d@example.com,mobile:+41 79 %d,%s\r\n",
                i,
                i % 4 == 0 ? "\"Łukasz, 王\"" : "Name " + (i % 9),
                i,
                i,
                i % 2 == 0 ? "CC" + i : ""));
      }
      Http.Reply imported = api.post("contacts/import", csv.toString(), "Content-Type", "text/csv");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      Map<String, JsonObject> before = wholeBook(api);
      assertThat(before).hasSize(CONTACTS);

      var exported = api.getBytes("contacts/export?version=4.0");
      assertThat(exported.statusCode()).isEqualTo(200);
      long exportedAt =
          Long.parseLong(exported.headers().firstValue("X-Book-Version").orElseThrow());
      for (String id : before.keySet()) {
        assertThat(api.delete("contacts/" + id).status()).isEqualTo(204);
      }
      Http.Reply reimported =
          api.post("contacts/import", exported.body(), "Content-Type", "text/vcard");
      assertThat(reimported.status()).as(reimported.body()).isEqualTo(200);
      assertThat(wholeBook(api)).isEqualTo(before);
      String file = new String(exported.body(), StandardCharsets.UTF_8);
      assertThat(file).contains("FN:Łukasz\\, 王");

      // a follower that read the export follows the deletes and the re-import from its version
      JsonObject changes = api.get("changes?since=" + exportedAt + "&limit=1000").object();
      assertThat(changes.getJsonArray("changes")).hasSize(2 * CONTACTS);
      long head = changes.getJsonNumber("head").longValue();
      CompletableFuture<Http.Reply> poll =
          CompletableFuture.supplyAsync(() -> api.get("changes?since=" + head + "&wait=50"));
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !poll.isDone());
      assertThat(api.put("contacts/late", "{\"displayName\":\"Late\"}").status()).isEqualTo(200);
      JsonValue late = poll.get(20, TimeUnit.SECONDS).object().getJsonArray("changes").get(0);
      assertThat(late.asJsonObject().getString("contactId")).isEqualTo("late");

      assertThat(api.post("book/compaction", "{\"floor\":" + head + "}").status()).isEqualTo(200);
      ContactsApiIT.assertProblem(api.get("changes?since=0"), 410);
      assertThat(api.get("changes?since=" + (head - 1)).status()).isEqualTo(200);
    }
  }

  private static Map<String, JsonObject> wholeBook(Http api) {
    Map<String, JsonObject> book = new HashMap<>();
    api.get("contacts?limit=500")
        .object()
        .getJsonArray("items")
        .forEach(c -> book.put(c.asJsonObject().getString("id"), c.asJsonObject()));
    return book;
  }
}
