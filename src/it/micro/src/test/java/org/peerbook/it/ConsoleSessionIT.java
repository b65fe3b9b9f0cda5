package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in as a browser sees it, over HTTP: a session cookie scripts cannot read and
 * other sites do not send, a CSRF token without which nothing changes, sign-out that ends the
 * session, and the page itself served with a policy that runs only the server's own scripts.
 */
class ConsoleSessionIT extends SharedServerIT {
  private static final String CSRF = "X-PeerBook-CSRF";

  /** A browser's view of the API: no credentials but the cookie it was given. */
  private Http browser() {
    return Http.anonymous(api.base());
  }

  private record Session(String cookie, String csrfToken) {}

  private static JsonObject credentials(String password) {
    return Json.createObjectBuilder()
        .add("name", TestAdministrator.NAME)
        .add("password", password)
        .build();
  }

  private Session signIn() {
    Http.Reply reply = browser().post("session", credentials(TestAdministrator.password()));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String setCookie = reply.header("Set-Cookie");
    assertThat(setCookie)
        .startsWith("PEERBOOK_SESSION=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict");
    JsonObject body = reply.object();
    assertThat(body.getString("name")).isEqualTo(TestAdministrator.NAME);
    return new Session(setCookie.substring(0, setCookie.indexOf(';')), body.getString("csrfToken"));
  }

  @Test
  void aSignedInBrowserReadsWithItsCookieAndChangesOnlyWithTheToken() {
    Session session = signIn();
    String node = "console-session-node";
    api.post("registry/nodes", Registrations.registration(node, "127.0.31.1", 0));

    Http.Reply read = browser().get("registry/admin/nodes/" + node, "Cookie", session.cookie());
    assertThat(read.status()).as(read.body()).isEqualTo(200);

    Http.Reply forged =
        browser().delete("registry/admin/nodes/" + node, "Cookie", session.cookie());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
    assertThat(forged.object().getString("detail")).contains(CSRF);
    Http.Reply wrongToken =
        browser()
            .delete(
                "registry/admin/nodes/" + node, "Cookie", session.cookie(), CSRF, "not-the-token");
    assertThat(wrongToken.status()).isEqualTo(403);
    assertThat(api.get("registry/admin/nodes/" + node).status())
        .as("nothing changed without the token")
        .isEqualTo(200);

    Http.Reply evicted =
        browser()
            .delete(
                "registry/admin/nodes/" + node,
                "Cookie",
                session.cookie(),
                CSRF,
                session.csrfToken());
    assertThat(evicted.status()).as(evicted.body()).isEqualTo(204);
    assertThat(api.get("registry/admin/nodes/" + node).status()).isEqualTo(404);
  }

  @Test
  void signingOutEndsTheSession() {
    Session session = signIn();
    Http.Reply current = browser().get("session", "Cookie", session.cookie());
    assertThat(current.object().getString("csrfToken")).isEqualTo(session.csrfToken());

    assertThat(browser().delete("session", "Cookie", session.cookie()).status())
        .as("not without the token")
        .isEqualTo(403);
    assertThat(
            browser()
                .delete("session", "Cookie", session.cookie(), CSRF, session.csrfToken())
                .status())
        .isEqualTo(204);

    Http.Reply after =
        browser().get("registry/admin/overview", "Cookie", session.cookie(), CSRF, "x");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate"))
        .as("no Basic challenge: the browser must not open its own password dialog")
        .startsWith("PeerBook-Console");
    assertThat(browser().get("session", "Cookie", session.cookie()).status()).isEqualTo(401);
  }

  @Test
  void aWrongPasswordOrAFormPostIsRefusedInWords() {
    Http.Reply wrong = browser().post("session", credentials("not the password"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.object().getString("detail")).isEqualTo("wrong name or password");
    assertThat(wrong.header("Set-Cookie")).isNull();
    assertThat(wrong.header("WWW-Authenticate")).doesNotStartWith("Basic");

    Http.Reply form =
        browser()
            .post(
                "session",
                "name=admin&password=" + TestAdministrator.password(),
                "Content-Type",
                "application/x-www-form-urlencoded");
    assertThat(form.status()).as("another site's form cannot sign in").isEqualTo(415);

    Http.Reply unknownField =
        browser().post("session", "{\"name\":\"admin\",\"password\":\"x\",\"remember\":true}");
    assertThat(unknownField.status()).isEqualTo(400);
  }

  @Test
  void theConsolePageRunsOnlyTheServersOwnScripts() {
    Http.Reply page = Http.anonymous(root.base()).get("");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<title>PeerBook console</title>");
    assertThat(page.header("Content-Security-Policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Http.Reply script = Http.anonymous(root.base()).get("console/app.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).contains("javascript");
  }

  @Test
  void theNodeTableIsSearchedSortedAndPagedOnTheServer() {
    for (String id : new String[] {"console-page-b", "console-page-a", "console-page-c"}) {
      api.post("registry/nodes", Registrations.registration(id, "127.0.32.1", 0));
    }
    try {
      Http.Reply page = api.get("registry/admin/nodes?q=CONSOLE-PAGE&sort=id&order=desc&limit=2");
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.header("X-Total-Count")).isEqualTo("3");
      assertThat(page.json().asJsonArray().stream().map(v -> v.asJsonObject().getString("nodeId")))
          .containsExactly("console-page-c", "console-page-b");
      Http.Reply next = api.get("registry/admin/nodes?q=console-page&sort=id&offset=2&limit=2");
      assertThat(next.json().asJsonArray().getJsonObject(0).getString("nodeId"))
          .isEqualTo("console-page-c");
      JsonObject last = next.json().asJsonArray().getJsonObject(0);
      assertThat(last.getJsonNumber("behind").longValue())
          .isEqualTo(BookChecks.head(api).version() - last.getJsonNumber("version").longValue());

      for (String bad :
          new String[] {"sort=password", "order=sideways", "limit=0", "limit=1001", "offset=-1"}) {
        Http.Reply refused = api.get("registry/admin/nodes?" + bad);
        assertThat(refused.status()).as(bad).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      }
    } finally {
      for (String id : new String[] {"console-page-a", "console-page-b", "console-page-c"}) {
        api.delete("registry/admin/nodes/" + id);
      }
    }
  }
}
