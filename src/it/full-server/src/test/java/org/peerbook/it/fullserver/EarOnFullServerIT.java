package org.peerbook.it.fullserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.peerbook.it.fullserver.Member.administrator;
import static org.peerbook.it.fullserver.Member.contentType;
import static org.peerbook.it.fullserver.Member.object;
import static org.peerbook.it.fullserver.Member.parse;
import static org.peerbook.it.fullserver.Member.send;
import static org.peerbook.it.fullserver.Member.sendAsync;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;

/**
 * The EAR that the build made, on a real Payara Server Full domain (created and started by this
 * module's build): deployed by Arquillian to the admin server and by the build to the instance of a
 * deployment group, two members of one cluster on the Domain Data Grid and one PostgreSQL database,
 * driven over HTTP like an administrator and a resource node would. Most tests call the admin
 * server; the cluster's tests call both. Every test creates what it needs under fresh ids and never
 * relies on another test.
 */
@ExtendWith(ArquillianExtension.class)
class EarOnFullServerIT {
  private static final String ZERO_HASH = "0".repeat(64);
  @ArquillianResource URL deployed;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    File built = new File(System.getProperty("peerbook.ear"));
    return ShrinkWrap.create(ZipImporter.class, "peerbook.ear")
        .importFrom(built)
        .as(EnterpriseArchive.class);
  }

  private Member adminServer() {
    return Member.deployedAt(deployed);
  }

  @Test
  void runsItsRegistryOnTheDomainDataGrid() throws Exception {
    HttpResponse<String> ready =
        send(HttpRequest.newBuilder(adminServer().api("").resolve("/health/ready")).GET().build());

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    JsonObject grid =
        object(ready).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(check -> check.getString("name").equals("grid"))
            .findFirst()
            .orElseThrow();
    assertThat(grid.getString("status")).isEqualTo("UP");
    // Payara Server writes a check's numbers as strings
    String members = grid.getJsonObject("data").get("members").toString().replace("\"", "");
    assertThat(Integer.parseInt(members))
        .as("the domain's data grid: the admin server and the group's instance")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aNodeRegisteredAtOneMemberIsKnownAtTheOther() throws Exception {
    String nodeId = "it-roaming-" + UUID.randomUUID();
    JsonObject registered = adminServer().register(nodeId, 7001);
    String token = registered.getJsonObject("token").getString("value");

    // the token key and the node table are the cluster's: the other member renews the lease
    HttpResponse<String> renewed = send(Member.groupInstance().heartbeat(nodeId, token, 0, 0));

    assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
    assertThat(object(renewed).getInt("leaseSeconds")).isPositive();
    HttpResponse<String> listed =
        send(Member.groupInstance().get("registry/admin/nodes/" + nodeId));
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
  }

  @Test
  void aWriteAtOneMemberWakesRequestsHeldAtTheOther() throws Exception {
    String nodeId = "it-waiting-" + UUID.randomUUID();
    String token = adminServer().register(nodeId, 7002).getJsonObject("token").getString("value");
    long head = object(send(adminServer().get("book/head"))).getJsonNumber("version").longValue();
    Member groupInstance = Member.groupInstance();
    // both held up to 20 s (a third of the lease, the most a heartbeat may wait), unless woken
    CompletableFuture<HttpResponse<String>> feed =
        sendAsync(groupInstance.get("changes?since=" + head + "&wait=20"));
    CompletableFuture<HttpResponse<String>> heartbeat =
        sendAsync(groupInstance.heartbeat(nodeId, token, 20, head));
    // the heartbeat is held before the write: the other member has nothing newer for it yet
    await().atMost(Duration.ofSeconds(15)).until(() -> groupInstance.heartbeatsHeld() >= 1);
    assertThat(heartbeat).isNotDone();

    String id = UUID.randomUUID().toString();
    HttpResponse<String> written = send(adminServer().put(id, "Mary Jackson", null));
    assertThat(written.statusCode()).isEqualTo(200);
    long version =
        Long.parseLong(written.headers().firstValue("ETag").orElseThrow().replace("\"", ""));

    // the commit's announcement reaches the other member: woken, not answered at the wait's end
    HttpResponse<String> beat = heartbeat.get(10, TimeUnit.SECONDS);
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
    assertThat(object(beat).getJsonNumber("headVersion").longValue())
        .isGreaterThanOrEqualTo(version);
    HttpResponse<String> changes = feed.get(10, TimeUnit.SECONDS);
    assertThat(changes.statusCode()).as(changes.body()).isEqualTo(200);
    assertThat(object(changes).getJsonArray("changes"))
        .map(JsonValue::asJsonObject)
        .anySatisfy(change -> assertThat(change.getString("contactId")).isEqualTo(id));
  }

  @Test
  void publishesItsEd25519PublicKey() throws Exception {
    HttpResponse<String> response = send(adminServer().get("book/public-key"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(contentType(response)).startsWith("application/json");
    JsonObject key = object(response);
    assertThat(key.getString("algorithm")).isEqualTo("Ed25519");
    assertThatCode(() -> HeadSignatures.decodePublicKey(key.getString("publicKey")))
        .doesNotThrowAnyException();
  }

  @Test
  void createsAContactThatCanBeReadBackAtItsLocation() throws Exception {
    HttpResponse<String> created =
        send(
            adminServer()
                .post(
                    "contacts",
                    "{\"displayName\":\"Ada Lovelace\",\"emails\":[\"ada@example.com\"]}"));

    assertThat(created.statusCode()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String etag = created.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"\\d+\"");

    HttpResponse<String> read =
        send(
            HttpRequest.newBuilder(URI.create(location))
                .header("Authorization", administrator())
                .GET()
                .build());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(object(read).getString("displayName")).isEqualTo("Ada Lovelace");
    assertThat(object(read).getJsonArray("emails").getString(0)).isEqualTo("ada@example.com");
    assertThat(read.headers().firstValue("ETag")).contains(etag);
  }

  @Test
  void refusesAWriteBasedOnAStaleVersionWithProblemDetails() throws Exception {
    String id = UUID.randomUUID().toString();
    HttpResponse<String> first = send(adminServer().put(id, "Grace Hopper", null));
    assertThat(first.statusCode()).isEqualTo(200);
    String seen = first.headers().firstValue("ETag").orElseThrow();
    // someone else writes in between: the ETag seen before is now stale
    assertThat(send(adminServer().put(id, "Grace Brewster Hopper", seen)).statusCode())
        .isEqualTo(200);

    HttpResponse<String> stale = send(adminServer().put(id, "Grace M. Hopper", seen));

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(contentType(stale)).startsWith("application/problem+json");
    assertThat(object(stale).getInt("status")).isEqualTo(412);
    HttpResponse<String> kept = send(adminServer().get("contacts/" + id));
    assertThat(object(kept).getString("displayName")).isEqualTo("Grace Brewster Hopper");
  }

  @Test
  void answersAnEmptyBookWithADeltaThatVerifiesAgainstThePublishedKey() throws Exception {
    // at least one entry, whatever ran before
    String id = UUID.randomUUID().toString();
    assertThat(send(adminServer().put(id, "Katherine Johnson", null)).statusCode()).isEqualTo(200);
    String publicKey = object(send(adminServer().get("book/public-key"))).getString("publicKey");

    // sources serve enrolled nodes only: register (the domain keeps the default secret)
    String token =
        adminServer().register("it-node", 7000).getJsonObject("peerToken").getString("value");
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(adminServer().api("sync"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(
                    BodyPublishers.ofString(
                        "{\"nodeId\":\"it-node\",\"version\":0,\"headHash\":\""
                            + ZERO_HASH
                            + "\"}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject json = object(response);
    assertThat(json.getString("kind")).isEqualTo("DELTA");
    var delta = (SyncAnswer.Delta) AnswerJson.readAnswer(json);
    assertThat(delta.complete()).isTrue();
    assertThat(delta.entries()).anySatisfy(entry -> assertThat(entry.contactId()).isEqualTo(id));
    var verifier = new SyncVerifier(HeadSignatures.decodePublicKey(publicKey));
    assertThatCode(
            () ->
                verifier.verifyDelta(
                    SyncVerifier.ChainPoint.EMPTY_BOOK, delta.entries(), delta.head()))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesTheAdminApiWithoutAnAdministrator() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(adminServer().api("registry/admin/nodes")).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(contentType(response)).startsWith("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
  }

  /** Payara Server reads the same payara-web.xml: the console, its cookie, its sign-in. */
  @Test
  void servesTheConsoleAndSignsAnAdministratorIn() throws Exception {
    HttpResponse<String> page =
        send(HttpRequest.newBuilder(adminServer().api("").resolve("/")).GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>PeerBook console</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));

    String password = administrator().substring("Basic ".length());
    String[] nameAndPassword =
        new String(Base64.getDecoder().decode(password), StandardCharsets.UTF_8).split(":", 2);
    HttpResponse<String> signedIn =
        send(
            HttpRequest.newBuilder(adminServer().api("session"))
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("name", nameAndPassword[0])
                            .add("password", nameAndPassword[1])
                            .build()
                            .toString()))
                .build());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
    String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");

    HttpResponse<String> overview =
        send(
            HttpRequest.newBuilder(adminServer().api("registry/admin/overview"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .GET()
                .build());
    assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
    assertThat(((JsonObject) parse(overview.body())).getInt("nodes")).isPositive();
  }

  @Test
  void listsTheDataServerAsTheOriginNode() throws Exception {
    // the build configures each member with its address (MicroProfile Config reaches the EAR),
    // and each member lists itself as the data server it hands out
    for (Member member : List.of(adminServer(), Member.groupInstance())) {
      HttpResponse<String> response = send(member.get("registry/admin/nodes"));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray nodes = (JsonArray) parse(response.body());
      assertThat(nodes)
          .map(JsonValue::asJsonObject)
          .anySatisfy(
              node -> {
                assertThat(node.getBoolean("dataServer")).isTrue();
                assertThat(node.getString("syncAddress")).isEqualTo(member.api("sync").toString());
              });
    }
  }
}
