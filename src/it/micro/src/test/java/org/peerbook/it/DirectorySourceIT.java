package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SyncVerifier.ChainPoint;

/**
 * The data server keeping the book in step with OpenLDAP: two slapd processes of the test's own,
 * one source on each, a real Payara Micro, and the book checked through the REST API.
 */
class DirectorySourceIT {
  private static Slapd hr;
  private static Slapd crash;
  private static ServerProcess server;
  private static Http api;

  @BeforeAll
  static void start() {
    hr = new Slapd(ServerProcess.workDirectory("slapd-hr")).start();
    crash = new Slapd(ServerProcess.workDirectory("slapd-crash")).start();
    Map<String, String> settings = new HashMap<>();
    settings.put("peerbook.directory.sources", "hr,crash,scheduled");
    settings.putAll(hr.sourceSettings("hr", 2));
    settings.putAll(crash.sourceSettings("crash", 1));
    // on hr's directory too, but only the people the scheduling test adds, every 2 s
    settings.putAll(hr.sourceSettings("scheduled", 100));
    settings.put(
        "peerbook.directory.scheduled.filter", "(&(objectClass=inetOrgPerson)(sn=Scheduled))");
    settings.put("peerbook.directory.scheduled.interval", "PT2S");
    server = new ServerProcess(ServerProcess.workDirectory("directory-source"), settings).start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (hr != null) {
      hr.close();
    }
    if (crash != null) {
      crash.close();
    }
  }

  private static JsonObject run(String source) {
    Http.Reply reply = api.post("directory/sources/" + source + "/runs", "");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.object();
  }

  private static JsonObject contactNamed(String name) {
    JsonObject page =
        api.get("contacts?q=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).object();
    assertThat(page.getInt("total")).as("contacts named %s", name).isEqualTo(1);
    return page.getJsonArray("items").getJsonObject(0);
  }

  private static void person(LDAPConnection ldap, String cn, String sn, String... more)
      throws Exception {
    List<Attribute> attributes = new java.util.ArrayList<>();
    attributes.add(new Attribute("objectClass", "inetOrgPerson"));
    attributes.add(new Attribute("cn", cn));
    attributes.add(new Attribute("sn", sn));
    for (int i = 0; i < more.length; i += 2) {
      attributes.add(new Attribute(more[i], more[i + 1]));
    }
    ldap.add("cn=" + cn + "," + Slapd.PEOPLE, attributes);
  }

  @Test
  void followsTheDirectoryEntryByEntry() throws Exception {
    try (LDAPConnection ldap = hr.connect()) {
      person(ldap, "Ada Lovelace", "Lovelace", "mail", "ada@example.com", "ou", "Engineering");
      person(ldap, "Charles Babbage", "Babbage", "telephoneNumber", "+44 20 7946 0002");
      person(ldap, "王小明", "王", "givenName", "小明", "l", "北京");

      JsonObject first = run("hr");
      assertThat(first.getString("status")).isEqualTo("succeeded");
      assertThat(first.getInt("entriesSeen")).isEqualTo(3);
      assertThat(first.getInt("creates")).isEqualTo(3);
      JsonObject ada = contactNamed("Ada Lovelace");
      String adaId = ada.getString("id");
      assertThat(ada.getJsonArray("emails").getString(0)).isEqualTo("ada@example.com");
      assertThat(ada.getString("department")).isEqualTo("Engineering");
      assertThat(ada.getJsonObject("attributes").getString("source")).isEqualTo("hr");
      assertThat(contactNamed("王小明").getString("officeLocation")).isEqualTo("北京");

      ChainPoint afterImport = BookChecks.head(api);
      JsonObject unchanged = run("hr");
      assertThat(unchanged.getInt("unchanged")).isEqualTo(3);
      assertThat(BookChecks.head(api)).as("no change, no log entry").isEqualTo(afterImport);

      ldap.modify(
          "cn=Ada Lovelace," + Slapd.PEOPLE,
          new Modification(ModificationType.REPLACE, "title", "Analyst"));
      assertThat(run("hr").getInt("updates")).isEqualTo(1);
      List<ChangeEntry> modified = BookChecks.readLogFrom(api, afterImport).entries();
      assertThat(modified)
          .singleElement()
          .satisfies(e -> assertThat(e.contactId()).isEqualTo(adaId));
      assertThat(modified.get(0).contact().title()).isEqualTo("Analyst");

      ChainPoint beforeRename = BookChecks.head(api);
      ldap.modifyDN("cn=Ada Lovelace," + Slapd.PEOPLE, "cn=Ada King", true);
      JsonObject renamed = run("hr");
      assertThat(renamed.getInt("updates")).isEqualTo(1);
      assertThat(renamed.getInt("creates") + renamed.getInt("deletes")).isZero();
      assertThat(api.get("contacts/" + adaId).object().getString("displayName"))
          .isEqualTo("Ada King");

      String charlesId = contactNamed("Charles Babbage").getString("id");
      ldap.delete("cn=Charles Babbage," + Slapd.PEOPLE);
      JsonObject deleted = run("hr");
      assertThat(deleted.getInt("deletes")).isEqualTo(1);
      assertThat(api.get("contacts/" + charlesId).status()).isEqualTo(404);
      assertThat(BookChecks.readLogFrom(api, beforeRename).entries())
          .extracting(ChangeEntry::contactId, ChangeEntry::operation)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(adaId, Operation.UPSERT),
              org.assertj.core.groups.Tuple.tuple(charlesId, Operation.DELETE));

      ChainPoint beforeDryRun = BookChecks.head(api);
      person(ldap, "Grace Hopper", "Hopper");
      Http.Reply dry = api.post("directory/sources/hr/runs?dryRun=true", "");
      assertThat(dry.status()).as(dry.body()).isEqualTo(200);
      assertThat(dry.object().getInt("creates")).isEqualTo(1);
      assertThat(dry.object().getJsonArray("sample").getJsonObject(0).getString("displayName"))
          .isEqualTo("Grace Hopper");
      assertThat(BookChecks.head(api)).as("a dry run changes nothing").isEqualTo(beforeDryRun);

      JsonObject listed = source("hr");
      assertThat(listed.getJsonObject("lastRun").getInt("deletes"))
          .as("the last real run, not the dry run")
          .isEqualTo(1);
      assertThat(listed.getJsonObject("lastRun").getString("endedAt")).isNotBlank();
    }
  }

  @Test
  void aDirectoryKilledMidRunAppliesNothingAndTheSourceSaysWhy() throws Exception {
    try (LDAPConnection ldap = crash.connect()) {
      for (int i = 0; i < 2000; i++) {
        person(ldap, "Crash Person " + i, "Person", "mail", "crash" + i + "@example.com");
      }
    }
    ChainPoint before = BookChecks.head(api);

    CompletableFuture<Http.Reply> running =
        CompletableFuture.supplyAsync(() -> api.post("directory/sources/crash/runs", ""));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> source("crash").getInt("runningEntriesSeen", 0) >= 5);
    crash.freeze(); // mid-paging: it has answered a page or more, and will answer no more
    int seenWhenFrozen = source("crash").getInt("runningEntriesSeen");
    assertThat(seenWhenFrozen).isBetween(5, 1999);

    Http.Reply overlapping = api.post("directory/sources/crash/runs", "");
    assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(409);
    assertThat(overlapping.header("Content-Type")).startsWith("application/problem+json");

    crash.kill();
    Http.Reply failed = running.get();
    assertThat(failed.status()).as(failed.body()).isEqualTo(502);
    assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
    assertThat(failed.object().getString("detail"))
        .contains("crash")
        .contains("unreachable or gone");

    assertThat(BookChecks.head(api)).as("nothing of the run applied").isEqualTo(before);
    JsonObject lastRun = source("crash").getJsonObject("lastRun");
    assertThat(lastRun.getString("status")).isEqualTo("failed");
    assertThat(lastRun.getString("failure")).contains("unreachable or gone");
    assertThat(lastRun.getInt("entriesSeen")).isLessThan(2000);
    assertThat(lastRun.getInt("creates")).isZero();

    Http.Reply unreachable = api.post("directory/sources/crash/runs", "");
    assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(502);
    assertThat(BookChecks.head(api)).isEqualTo(before);
  }

  @Test
  void aScheduledSourceRunsWithoutBeingAsked() throws Exception {
    try (LDAPConnection ldap = hr.connect()) {
      person(ldap, "Sched Uled", "Scheduled");
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.get("contacts?q=Sched%20Uled").object().getInt("total") == 1);
    JsonObject scheduled = source("scheduled");
    assertThat(scheduled.getString("interval")).isEqualTo("PT2S");
    assertThat(contactNamed("Sched Uled").getJsonObject("attributes").getString("source"))
        .isEqualTo("scheduled");
  }

  @Test
  void anUnknownSourceIs404AndABadDryRunFlag400() {
    assertThat(api.get("directory/sources/payroll").status()).isEqualTo(404);
    Http.Reply unknown = api.post("directory/sources/payroll/runs", "");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(api.post("directory/sources/hr/runs?dryRun=maybe", "").status()).isEqualTo(400);
    assertThat(api.get("directory/sources").object().getJsonArray("sources"))
        .extracting(s -> s.asJsonObject().getString("name"))
        .containsExactly("hr", "crash", "scheduled");
  }

  private static JsonObject source(String name) {
    Http.Reply reply = api.get("directory/sources/" + name);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.object();
  }
}
