package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireJsonTest {

  private static JsonValue json(String text) {
    return WireJson.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsBackEveryAnswerItWrote() {
    Samples.Chain chain = Samples.chain(Samples.keyPair(), 6);
    List<SyncAnswer> answers =
        List.of(
            new SyncAnswer.Equal(chain.head()),
            new SyncAnswer.Delta(chain.head(), chain.entries(), true),
            new SyncAnswer.Snapshot(chain.head(), chain.book()),
            new SyncAnswer.RequesterNewer(4, chain.entries().get(3).hash()));
    for (SyncAnswer answer : answers) {
      assertThat(AnswerJson.readAnswer(json(AnswerJson.toJson(answer).toString())))
          .isEqualTo(answer);
    }
  }

  @Test
  void keepsChineseNamesExactly() {
    ContactDto wang = Samples.wang();
    assertThat(ContactJson.read(json(ContactJson.toJson(wang).toString()), "", true))
        .isEqualTo(wang);
  }

  @Test
  void readsASyncRequestWithTheDefaultLimit() {
    SyncRequest request =
        WireJson.readSyncRequest(
            json("{\"nodeId\":\"n1\",\"version\":3,\"headHash\":\"" + Hashes.ZERO + "\"}"));
    assertThat(request).isEqualTo(new SyncRequest("n1", 3, Hashes.ZERO, SyncRequest.DEFAULT_LIMIT));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON       | {\"nodeId\":                                       | malformed JSON",
        "not an object        | [1,2]                                              | must be a JSON object",
        "unknown field        | {\"nodeId\":\"n\",\"version\":0,\"headHash\":\"H\",\"x\":1} | x: unknown field",
        "missing node id      | {\"version\":0,\"headHash\":\"H\"}                   | nodeId: is required",
        "negative version     | {\"nodeId\":\"n\",\"version\":-1,\"headHash\":\"H\"} | version: must be between",
        "version as text      | {\"nodeId\":\"n\",\"version\":\"7\",\"headHash\":\"H\"} | version: must be a number",
        "fractional version   | {\"nodeId\":\"n\",\"version\":1.5,\"headHash\":\"H\"} | version: must be a whole number",
        "40-digit version     | {\"nodeId\":\"n\",\"version\":1234567890123456789012345678901234567890,\"headHash\":\"H\"} | version: must be between",
        "huge exponent        | {\"nodeId\":\"n\",\"version\":1e1000000,\"headHash\":\"H\"} | version",
        "short hash           | {\"nodeId\":\"n\",\"version\":0,\"headHash\":\"abc\"} | headHash: must be 64",
        "limit too big        | {\"nodeId\":\"n\",\"version\":0,\"headHash\":\"H\",\"limit\":10001} | limit: must be between",
        "duplicate key        | {\"nodeId\":\"n\",\"nodeId\":\"m\",\"version\":0,\"headHash\":\"H\"} | malformed JSON",
        "bad node id          | {\"nodeId\":\"../x\",\"version\":0,\"headHash\":\"H\"} | nodeId: must be 1 to 128",
      })
  void refusesMalformedSyncRequestsNamingTheField(String name, String body, String message) {
    String text = body.replace("\"H\"", "\"" + Hashes.ZERO + "\"");
    assertThatThrownBy(() -> WireJson.readSyncRequest(json(text)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no display name    | {\"id\":\"a\"}                                   | displayName: is required",
        "blank display name | {\"displayName\":\"  \"}                         | displayName: must not be blank",
        "bad email          | {\"displayName\":\"A\",\"emails\":[\"nope\"]}    | emails[0]: is not an e-mail address",
        "email not a string | {\"displayName\":\"A\",\"emails\":[1]}          | emails[0]: must be a string",
        "phone letters      | {\"displayName\":\"A\",\"phones\":[{\"type\":\"work\",\"number\":\"call me\"}]} | phones[0].number",
        "phone type         | {\"displayName\":\"A\",\"phones\":[{\"type\":\"Work!\",\"number\":\"1\"}]} | phones[0].type",
        "phone extra field  | {\"displayName\":\"A\",\"phones\":[{\"type\":\"work\",\"number\":\"1\",\"ext\":2}]} | phones[0].ext: unknown field",
        "attribute object   | {\"displayName\":\"A\",\"attributes\":{\"k\":{}}}  | attributes.k: must be a string",
        "control character  | {\"displayName\":\"A\\u0000B\"}                  | displayName: contains a control character",
        "lone surrogate     | {\"displayName\":\"A\\ud800\"}                   | displayName: contains a broken surrogate pair",
      })
  void refusesMalformedContactsNamingTheField(String name, String body, String message) {
    assertThatThrownBy(() -> ContactJson.read(json(body), "", false))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesOverLongText() {
    String body = "{\"displayName\":\"" + "x".repeat(ContactLimits.MAX_TEXT + 1) + "\"}";
    assertThatThrownBy(() -> ContactJson.read(json(body), "", false))
        .hasMessageContaining("displayName: is longer than 256 characters");
  }

  @Test
  void countsUtf16UnitsForLengthAsTheDatabaseColumnsDo() {
    String half = "😀".repeat(ContactLimits.MAX_TEXT / 2);
    assertThat(ContactJson.read(json("{\"displayName\":\"" + half + "\"}"), "", false))
        .extracting(ContactDto::displayName)
        .isEqualTo(half);

    String body = "{\"displayName\":\"" + half + "x\"}";
    assertThatThrownBy(() -> ContactJson.read(json(body), "", false))
        .hasMessageContaining("displayName: is longer than 256 characters (UTF-16 code units");
  }

  @Test
  void refusesTooManyEmails() {
    String emails = "\"a@b.c\",".repeat(ContactLimits.MAX_EMAILS) + "\"a@b.c\"";
    String body = "{\"displayName\":\"A\",\"emails\":[" + emails + "]}";
    assertThatThrownBy(() -> ContactJson.read(json(body), "", false))
        .hasMessageContaining("emails: has more than 16 elements");
  }

  @Test
  void refusesAnUpsertWhoseContactNamesAnotherId() {
    ChangeEntry entry =
        HashChain.seal(1, "c-alice", Operation.UPSERT, Samples.alice(), Samples.T0, Hashes.ZERO);
    String text =
        WireJson.toJson(entry)
            .toString()
            .replace("\"contactId\":\"c-alice\"", "\"contactId\":\"c-eve\"");
    assertThatThrownBy(() -> WireJson.readEntry(json(text), "entries[0]"))
        .hasMessageContaining("entries[0].contact.id: differs from contactId");
  }

  @Test
  void readsNestingUpToTheCapAndRefusesOneLevelMoreAsMalformed() {
    int cap = BoundedJson.MAX_DEPTH;
    String deepest = "[".repeat(cap) + "1" + "]".repeat(cap);

    assertThat(json(deepest).toString()).isEqualTo(deepest);
    assertThatThrownBy(() -> json("[" + deepest + "]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + cap);
    assertThatThrownBy(() -> json("[".repeat(100_000)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + cap);
    assertThatThrownBy(() -> json("{\"a\":" + "{\"b\":".repeat(100_000)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("deeper than " + cap);
  }

  @Test
  void stillRefusesDuplicateKeysAtAnyDepthAndDataAfterTheValue() {
    assertThatThrownBy(() -> json("{\"a\":[{\"b\":1,\"b\":2}]}"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> json("{} {}")).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> json("")).isInstanceOf(MalformedMessageException.class);
  }
}
