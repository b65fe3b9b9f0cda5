package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only administrators reach the admin API; nodes' credentials never open it. */
class AdminAuthenticationIT extends ArquillianIT {
  private static final String CONTACT = "{\"displayName\":\"Mallory\"}";

  private Http anonymous() {
    return Http.anonymous(api.base());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET contacts",
        "POST contacts",
        "POST contacts/import",
        "GET contacts/some-id",
        "PUT contacts/some-id",
        "DELETE contacts/some-id",
        "POST book/compaction",
        "GET changes?since=0",
        "GET contacts/export",
        "PUT contacts/external/hr/4711",
        "GET directory/sources",
        "GET registry/admin/nodes",
        "DELETE registry/admin/nodes/some-node",
        "PUT registry/admin/allocation",
        "GET registry/admin/stats"
      })
  void refusesEveryAdminCallWithoutCredentialsAndChangesNothing(String call) {
    long before = BookChecks.head(api).version();

    Http.Reply reply = send(anonymous(), call);

    ContactsApiIT.assertProblem(reply, 401);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(BookChecks.head(api).version()).isEqualTo(before);
  }

  @Test
  void refusesWrongPasswordsUnknownNamesAndNodeCredentials() {
    String token = BookChecks.enrolled(api, "would-be-admin")[1];
    Function<String, Http.Reply> listWith =
        authorization -> anonymous().get("registry/admin/nodes", "Authorization", authorization);

    ContactsApiIT.assertProblem(
        listWith.apply(TestAdministrator.basic(TestAdministrator.NAME, "guess")), 401);
    ContactsApiIT.assertProblem(
        listWith.apply(TestAdministrator.basic("root", TestAdministrator.password())), 401);
    ContactsApiIT.assertProblem(listWith.apply(token), 401);
    ContactsApiIT.assertProblem(
        listWith.apply(TestAdministrator.basic("would-be-admin", Registrations.SECRET)), 401);
    ContactsApiIT.assertProblem(listWith.apply("Basic not-base64!"), 401);
  }

  @Test
  void letsTheAdministratorIn() {
    Http.Reply created = api.post("contacts", CONTACT);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.get("registry/admin/nodes").status()).isEqualTo(200);
  }

  @Test
  void leavesTheNodesAndPublicPathsOpen() {
    Http open = anonymous();
    assertThat(open.get("book/head").status()).isEqualTo(200);
    assertThat(open.get("book/public-key").status()).isEqualTo(200);
    Http.Reply registered =
        open.post("registry/nodes", Registrations.registration("plain-node", "127.0.0.1", 0));
    assertThat(registered.status()).as(registered.body()).isEqualTo(200);
  }

  @Test
  void readsANewAdministratorFromTheFileWithoutARestart() throws IOException {
    Path users =
        Path.of(System.getProperty("peerbook.it.admin-password-file"))
            .resolveSibling("admin-users");
    String original = Files.readString(users);
    String auditorHash =
        // "auditor-password", hashed with: python3 -c "import hashlib,base64;
        // print(base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'auditor-password',
        // b'0123456789abcdef', 600000)).decode())"
        "pbkdf2-sha256:600000:MDEyMzQ1Njc4OWFiY2RlZg==:"
            + "BZZDHRX43usFI1FcGU3nddhPNwvNvuwxwhZ7BMxT9ao=";
    try {
      Files.writeString(users, original + "auditor:" + auditorHash + "\n");

      Http.Reply reply =
          anonymous()
              .get(
                  "registry/admin/nodes",
                  "Authorization",
                  TestAdministrator.basic("auditor", "auditor-password"));

      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    } finally {
      Files.writeString(users, original);
    }
    ContactsApiIT.assertProblem(
        anonymous()
            .get(
                "registry/admin/nodes",
                "Authorization",
                TestAdministrator.basic("auditor", "auditor-password")),
        401);
  }

  @Test
  void saysSoWhenTheAdministratorsFileIsGoneAndLetsInOnceItIsBack() throws IOException {
    Path users =
        Path.of(System.getProperty("peerbook.it.admin-password-file"))
            .resolveSibling("admin-users");
    Path aside = users.resolveSibling("admin-users.aside");
    Files.move(users, aside);
    try {
      Http.Reply refused = api.get("registry/admin/nodes");

      ContactsApiIT.assertProblem(refused, 503);
      assertThat(refused.object().getString("detail"))
          .contains(users + " is missing")
          .contains("until it is restored");
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(anonymous().get("book/head").status())
          .as("public paths do not need the file")
          .isEqualTo(200);
    } finally {
      Files.move(aside, users);
    }
    assertThat(api.get("registry/admin/nodes").status()).isEqualTo(200);
  }

  private static Http.Reply send(Http http, String call) {
    String method = call.substring(0, call.indexOf(' '));
    String path = call.substring(call.indexOf(' ') + 1);
    return switch (method) {
      case "GET" -> http.get(path);
      case "POST" -> http.post(path, CONTACT);
      case "PUT" -> http.put(path, CONTACT);
      case "DELETE" -> http.delete(path);
      default -> throw new IllegalArgumentException(call);
    };
  }
}
