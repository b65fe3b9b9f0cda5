package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import jakarta.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Administrators from the directory (the tests' own slapd): a member of the configured group is an
 * administrator over HTTP Basic and in the console, a person outside it gets 403, a wrong password
 * or an unknown name 401, the users file still lets its administrator in (break-glass), and a
 * directory that does not answer makes a login wait (503), never let it in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryAdministratorsIT {
  private static final String GROUPS = "ou=groups," + Slapd.SUFFIX;
  private static final String ADMINS = "cn=peerbook-admins," + GROUPS;

  private static Slapd slapd;
  private static ServerProcess server;
  private static Http anonymous;

  @BeforeAll
  static void start() throws Exception {
    var home = ServerProcess.workDirectory("directory-administrators");
    slapd = new Slapd(home.resolve("slapd")).start();
    try (LDAPConnection ldap = slapd.connect()) {
      person(ldap, "alice", "Alice Admin", "alice in the directory");
      person(ldap, "bob", "Bob Staff", "bob in the directory");
      // two people the same name finds: a directory mistake that must let neither in
      for (String cn : new String[] {"Dee One", "Dee Two"}) {
        ldap.add(
            "cn=" + cn + "," + Slapd.PEOPLE,
            List.of(
                new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "dee"),
                new Attribute("cn", cn),
                new Attribute("sn", "Dee"),
                new Attribute("userPassword", "dee in the directory")));
      }
      ldap.add(
          GROUPS,
          List.of(
              new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "groups")));
      ldap.add(
          ADMINS,
          List.of(
              new Attribute("objectClass", "groupOfNames"),
              new Attribute("cn", "peerbook-admins"),
              new Attribute("member", "uid=alice," + Slapd.PEOPLE)));
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("peerbook.admin.ldap.url", slapd.url());
    settings.put("peerbook.admin.ldap.bind-dn", Slapd.ROOT_DN);
    settings.put("peerbook.admin.ldap.password", Slapd.ROOT_PASSWORD);
    settings.put("peerbook.admin.ldap.user-base-dn", Slapd.PEOPLE);
    settings.put("peerbook.admin.ldap.group-dn", ADMINS);
    settings.put("peerbook.admin.ldap.timeout", "PT2S");
    server = new ServerProcess(home.resolve("server"), settings).start();
    anonymous = Http.anonymous(server.api().base());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (slapd != null) {
      slapd.close();
    }
  }

  private static void person(LDAPConnection ldap, String uid, String cn, String password)
      throws Exception {
    ldap.add(
        "uid=" + uid + "," + Slapd.PEOPLE,
        List.of(
            new Attribute("objectClass", "inetOrgPerson"),
            new Attribute("uid", uid),
            new Attribute("cn", cn),
            new Attribute("sn", cn.substring(cn.indexOf(' ') + 1)),
            new Attribute("userPassword", password)));
  }

  private static Http.Reply stats(String name, String password) {
    return anonymous.get(
        "registry/admin/stats", "Authorization", TestAdministrator.basic(name, password));
  }

  @Test
  @Order(1)
  void aMemberOfTheGroupIsAnAdministrator() {
    assertThat(stats("alice", "alice in the directory").status()).isEqualTo(200);
    assertThat(stats("alice", "alice in the directory").status()).as("remembered").isEqualTo(200);
  }

  @Test
  @Order(2)
  void aPersonOutsideTheGroupIsForbiddenNotUnknown() {
    Http.Reply bob = stats("bob", "bob in the directory");
    assertThat(bob.status()).isEqualTo(403);
    assertThat(bob.header("Content-Type")).startsWith("application/problem+json");
    Http.Reply console =
        anonymous.post(
            "session",
            Json.createObjectBuilder()
                .add("name", "bob")
                .add("password", "bob in the directory")
                .build());
    assertThat(console.status()).isEqualTo(403);
    assertThat(console.object().getString("detail")).contains("not in the administrators' group");
  }

  @Test
  @Order(3)
  void aWrongPasswordAnUnknownNameAndAFilterInTheNameAreRefused() {
    assertThat(stats("alice", "not alice's").status()).isEqualTo(401);
    assertThat(stats("alice", "").status()).as("no anonymous bind").isEqualTo(401);
    assertThat(stats("carol", "anything").status()).isEqualTo(401);
    assertThat(stats("dee", "dee in the directory").status())
        .as("a name that finds two people")
        .isEqualTo(401);
    assertThat(stats("*", "alice in the directory").status()).isEqualTo(401);
    assertThat(stats("alice)(uid=*", "alice in the directory").status()).isEqualTo(401);
  }

  @Test
  @Order(4)
  void aDirectoryAdministratorSignsInToTheConsoleAndTheFileStillWorks() {
    Http.Reply signedIn =
        anonymous.post(
            "session",
            Json.createObjectBuilder()
                .add("name", "alice")
                .add("password", "alice in the directory")
                .build());
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    String cookie = signedIn.header("Set-Cookie");
    assertThat(
            anonymous
                .get("registry/admin/overview", "Cookie", cookie.substring(0, cookie.indexOf(';')))
                .status())
        .isEqualTo(200);
    assertThat(stats(TestAdministrator.NAME, TestAdministrator.password()).status())
        .as("the users file stays the break-glass way in")
        .isEqualTo(200);
    String alice = TestAdministrator.basic("alice", "alice in the directory");
    assertThat(
            anonymous
                .get("administrators", "Authorization", alice)
                .object()
                .getString("directoryGroup"))
        .isEqualTo(ADMINS);
    Http.Reply ownPassword =
        anonymous.put(
            "administrators/alice",
            "{\"password\":\"a new file password\",\"currentPassword\":\"alice in the directory\"}",
            "Authorization",
            alice);
    assertThat(ownPassword.status()).as("her password is the directory's").isEqualTo(409);
    assertThat(anonymous.get("administrators", "Authorization", alice).body())
        .doesNotContain("\"alice\"");
  }

  @Test
  @Order(5)
  void aDirectoryThatDoesNotAnswerMakesLoginsWaitNeverLetsThemIn() {
    slapd.freeze();
    Http.Reply waiting = stats("bob", "a password never checked before");
    assertThat(waiting.status()).isEqualTo(503);
    assertThat(waiting.header("Retry-After")).isNotNull();
    assertThat(stats(TestAdministrator.NAME, TestAdministrator.password()).status())
        .as("the file's administrator is not held up by the directory")
        .isEqualTo(200);
  }
}
