package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.protocol.Hashes;

/**
 * Every kind of bad input gets its 4xx with a problem-details body naming what is wrong, and
 * changes nothing.
 */
class BadInputIT extends SharedServerIT {
  private static final String Z = Hashes.ZERO;

  @BeforeEach
  void seedAContact() {
    api.put("contacts/existing", "{\"displayName\":\"Existing\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "malformed JSON        | POST   | contacts                | {\"displayName\":          | 400 | malformed JSON",
        "not an object         | POST   | contacts                | [1]                        | 400 | must be a JSON object",
        "unknown field         | POST   | contacts                | {\"displayName\":\"A\",\"nickname\":\"x\"} | 400 | nickname: unknown field",
        "missing display name  | POST   | contacts                | {\"emails\":[]}            | 400 | displayName: is required",
        "number as name        | POST   | contacts                | {\"displayName\":42}       | 400 | displayName: must be a string",
        "bad email             | POST   | contacts                | {\"displayName\":\"A\",\"emails\":[\"@\"]} | 400 | emails[0]",
        "id differs from path  | PUT    | contacts/existing       | {\"id\":\"other\",\"displayName\":\"A\"} | 400 | differs from the id in the path",
        "bad id in path        | GET    | contacts/bad%20id       |                            | 400 | id: must be",
        "unknown id            | GET    | contacts/nobody-here    |                            | 404 | no contact with id nobody-here",
        "delete unknown id     | DELETE | contacts/nobody-here    |                            | 404 | no contact",
        "limit not a number    | GET    | contacts?limit=ten      |                            | 400 | limit: must be a whole number",
        "negative offset       | GET    | contacts?offset=-1      |                            | 400 | offset: must be a whole number",
        "page too large        | GET    | contacts?limit=100000   |                            | 400 | limit",
        "unknown path          | GET    | nothing-here            |                            | 404 | 404",
        "sync negative version | POST   | sync                    | {\"nodeId\":\"n\",\"version\":-1,\"headHash\":\"Z\"} | 400 | version: must be between 0",
        "sync version as text  | POST   | sync                    | {\"nodeId\":\"n\",\"version\":\"x\",\"headHash\":\"Z\"} | 400 | version: must be a number",
        "sync 40-digit version | POST   | sync                    | {\"nodeId\":\"n\",\"version\":1234567890123456789012345678901234567890,\"headHash\":\"Z\"} | 400 | version: must be between",
        "sync huge exponent    | POST   | sync                    | {\"nodeId\":\"n\",\"version\":1e1000000,\"headHash\":\"Z\"} | 400 | version",
        "sync exponent overflow | POST  | sync                    | {\"nodeId\":\"n\",\"version\":777E77777777300,\"headHash\":\"Z\"} | 400 | malformed JSON",
        "sync without a token  | POST   | sync                    | {\"nodeId\":\"n\",\"version\":9000000000000000000,\"headHash\":\"Z\"} | 401 | a node token is required",
        "sync bad hash         | POST   | sync                    | {\"nodeId\":\"n\",\"version\":0,\"headHash\":\"xyz\"} | 400 | headHash",
        "sync missing node id  | POST   | sync                    | {\"version\":0,\"headHash\":\"Z\"} | 400 | nodeId: is required",
        "compaction above head | POST   | book/compaction         | {\"floor\":9000000000000000000} | 400 | floor must be between",
        "compaction floor 0    | POST   | book/compaction         | {\"floor\":0}              | 400 | floor: must be between",
      })
  void refusesWithProblemDetailsAndChangesNothing(
      String name, String method, String path, String body, int status, String detail) {
    long headBefore = BookChecks.head(api).version();
    String payload = body == null ? "" : body.replace("\"Z\"", "\"" + Z + "\"");

    Http.Reply reply =
        switch (method) {
          case "POST" -> api.post(path, payload);
          case "PUT" -> api.put(path, payload);
          case "DELETE" -> api.delete(path);
          default -> api.get(path);
        };

    ContactsApiIT.assertProblem(reply, status);
    assertThat(reply.object().getString("detail")).contains(detail);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"1200000", "4000000"})
  void refusesBodiesOverTheLimitWith413(int size) {
    long headBefore = BookChecks.head(api).version();
    String huge = "{\"displayName\":\"" + "x".repeat(size) + "\"}";

    ContactsApiIT.assertProblem(api.post("contacts", huge), 413);
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"1200000", "4000000"})
  void refusesAnAdministratorsStreamedBodyOverTheLimitWith413(int size) {
    long headBefore = BookChecks.head(api).version();
    String huge = "{\"displayName\":\"" + "x".repeat(size) + "\"}";

    Http.Reply reply = api.postStreamed("contacts", huge.getBytes(StandardCharsets.UTF_8));

    ContactsApiIT.assertProblem(reply, 413);
    assertThat(reply.object().getString("detail")).contains("1048576");
    assertThat(BookChecks.head(api).version()).isEqualTo(headBefore);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"text/plain", "application/xml"})
  void refusesOtherMediaTypesWith415(String type) {
    ContactsApiIT.assertProblem(
        api.post("contacts", "{\"displayName\":\"A\"}", "Content-Type", type), 415);
  }

  /**
   * A body that came after its request's head is read without a thread, and its connection is not
   * used again: on a connection kept alive after such a body, the body of a later request was seen
   * lost (an administrator's write waited 30 s, then got 400 "I/O error while auto-detecting the
   * encoding": 2 to 4 of 1,500 in a mixed stress run, none once such connections were closed).
   */
  @Test
  void aConnectionWhoseBodyCameAfterItsHeadIsNotUsedAgain() throws Exception {
    byte[] body = "{\"version\":0,\"load\":0}".getBytes(StandardCharsets.US_ASCII);
    String head =
        "PUT /api/registry/nodes/nobody/heartbeat HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nAuthorization: Bearer not-a-token\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    try (Socket socket = new Socket("localhost", api.base().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the head is in and its request waits for the body, which comes a moment later: long
      // enough that even a busy server has read the head alone
      Thread.sleep(1_000);
      out.write(body);
      out.flush();

      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).startsWith("HTTP/1.1 401");
      assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
    }
  }
}
