package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.LookupServer;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.PhoneDto;

/** The lookup API over a real copy: what a mail client's search finds, and what it is refused. */
class LocalLookupsTest {
  @TempDir Path dir;

  private String lookup(String query, int expectedStatus) throws IOException, InterruptedException {
    TestBook book = new TestBook();
    book.upsert(musician("carl", "Carl Cello", "carl@example.com", Map.of()));
    try (var store = LocalStore.open(dir, 100);
        var server = serverOver(store)) {
      store.applyDelta(book.entries(0, 1), book.head());
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + server.address().getPort()
                                  + "/lookup/contacts?"
                                  + query))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expectedStatus);
      return answer.body();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "phone=%2B41%2022%20555|carl",
        "phone=0100|carl",
        "phone=022%205550100|carl",
        "phone=555|",
      })
  void findsANumberByItsStartOrEnd(String query, String id)
      throws IOException, InterruptedException {
    String body = lookup(query, 200);
    if (id == null) {
      assertThat(body).isEqualTo("[]");
    } else {
      assertThat(body).contains("\"id\":\"" + id + "\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "phone=%28-%29|phone must hold at least one digit",
        "phone=abc|phone must hold at least one digit",
        "q=carl&limit=0|limit must be between 1 and 1000",
      })
  void refusesALookupItCannotAnswerWithAProblem(String query, String detail)
      throws IOException, InterruptedException {
    assertThat(lookup(query, 400)).contains(detail).contains("\"status\":400");
  }

  @Test
  void aNumberAsLongAsTheRequestMayBeIsAnsweredNotFailed()
      throws IOException, InterruptedException {
    assertThat(lookup("phone=" + "1".repeat(4000), 200)).isEqualTo("[]");
  }

  @Test
  void answersEachContactAsTheJsonItsParsedFormWouldWrite() throws Exception {
    TestBook book = new TestBook();
    for (String[] person :
        new String[][] {
          {"carl", "Carl Cello", "carl@example.com"},
          {"zoe", "Zo\u00eb \u00dcnal \u738b", "zoe@example.com"},
          {"cleo", "Cleo \"Quote\" Back\\slash", "cleo@example.com"}
        }) {
      book.upsert(musician(person[0], person[1], person[2], Map.of("room", "4.2")));
    }
    try (var store = LocalStore.open(dir, 100);
        var server = serverOver(store)) {
      store.applyDelta(book.entries(0, 3), book.head());
      HttpClient client = HttpClient.newHttpClient();
      for (var search :
          Map.of(
                  "department=music", new LocalStore.Search(null, null, null, "music"),
                  "q=c", new LocalStore.Search("c", null, null, null),
                  "q=zo&department=music", new LocalStore.Search("zo", null, null, "music"),
                  "email=zoe%40example.com",
                      new LocalStore.Search(null, "zoe@example.com", null, null))
              .entrySet()) {
        var parsed = Json.createArrayBuilder();
        store.search(search.getValue(), 50).forEach(c -> parsed.add(ContactJson.toJson(c)));
        assertThat(
                Json.createReader(
                        new java.io.StringReader(
                            get(client, server, "contacts?" + search.getKey())))
                    .readValue())
            .as(search.getKey())
            .isEqualTo(parsed.build());
      }
      assertThat(get(client, server, "contacts/zoe"))
          .isEqualTo(ContactJson.toJson(store.contact("zoe").orElseThrow()).toString());
    }
  }

  /** A contact of the Music department with one work number, the same for every one. */
  private static ContactDto musician(
      String id, String name, String email, Map<String, String> attributes) {
    return new ContactDto(
        id,
        name,
        null,
        null,
        List.of(email),
        List.of(new PhoneDto("work", "+41 22 555 0100")),
        null,
        "Music",
        null,
        null,
        null,
        attributes);
  }

  private static LookupServer serverOver(LocalStore store) throws IOException {
    return new LookupServer(
        new InetSocketAddress("127.0.0.1", 0),
        ListenerLimits.defaults(),
        Optional.empty(),
        new LocalLookups(store, () -> Json.createObjectBuilder().build()));
  }

  private static String get(HttpClient client, LookupServer server, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.address().getPort() + "/lookup/" + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  @Test
  void joinsContactsIntoOneArray() {
    byte[] a = "{\"id\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = "{\"id\":\"\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(new String(LocalLookups.array(List.of()), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("[]");
    assertThat(new String(LocalLookups.array(List.of(a)), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("[{\"id\":\"a\"}]");
    assertThat(
            new String(LocalLookups.array(List.of(a, b)), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("[{\"id\":\"a\"},{\"id\":\"\u00e9\"}]");
  }
}
