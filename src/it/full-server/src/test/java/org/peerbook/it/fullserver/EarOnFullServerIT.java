package org.peerbook.it.fullserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.WireJson;

/**
 * The EAR that the build made, deployed to a real Payara Server Full domain (created and started by
 * this module's build) as a cluster member on the domain's data grid, driven over HTTP like an
 * administrator and a resource node would. Every test creates what it needs under fresh ids and
 * never relies on another test.
 */
@ExtendWith(ArquillianExtension.class)
class EarOnFullServerIT {
  private static final String ZERO_HASH = "0".repeat(64);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @ArquillianResource URL deployed;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    File built = new File(System.getProperty("peerbook.ear"));
    return ShrinkWrap.create(ZipImporter.class, "peerbook.ear")
        .importFrom(built)
        .as(EnterpriseArchive.class);
  }

  @Test
  void runsItsRegistryOnTheDomainDataGrid() throws Exception {
    HttpResponse<String> ready =
        send(
            HttpRequest.newBuilder(
                    new URI(
                        "http", null, "localhost", deployed.getPort(), "/health/ready", null, null))
                .GET()
                .build());

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
        .as("the domain's data grid, the DAS a member of it")
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void publishesItsEd25519PublicKey() throws Exception {
    HttpResponse<String> response = send(get("book/public-key"));

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
            post(
                "contacts", "{\"displayName\":\"Ada Lovelace\",\"emails\":[\"ada@example.com\"]}"));

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
    HttpResponse<String> first = send(put(id, "Grace Hopper", null));
    assertThat(first.statusCode()).isEqualTo(200);
    String seen = first.headers().firstValue("ETag").orElseThrow();
    // someone else writes in between: the ETag seen before is now stale
    assertThat(send(put(id, "Grace Brewster Hopper", seen)).statusCode()).isEqualTo(200);

    HttpResponse<String> stale = send(put(id, "Grace M. Hopper", seen));

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(contentType(stale)).startsWith("application/problem+json");
    assertThat(object(stale).getInt("status")).isEqualTo(412);
    HttpResponse<String> kept = send(get("contacts/" + id));
    assertThat(object(kept).getString("displayName")).isEqualTo("Grace Brewster Hopper");
  }

  @Test
  void answersAnEmptyBookWithADeltaThatVerifiesAgainstThePublishedKey() throws Exception {
    // at least one entry, whatever ran before
    String id = UUID.randomUUID().toString();
    assertThat(send(put(id, "Katherine Johnson", null)).statusCode()).isEqualTo(200);
    String publicKey = object(send(get("book/public-key"))).getString("publicKey");

    // sources serve enrolled nodes only: register (the domain keeps the default secret)
    HttpResponse<String> registered =
        send(
            post(
                "registry/nodes",
                "{\"nodeId\":\"it-node\",\"syncAddress\":\"http://127.0.0.1:7000/api/sync\","
                    + "\"networkAddress\":\"127.0.0.1\",\"version\":0,"
                    + "\"credential\":\"peerbook-dev-enrollment\"}"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    String token = object(registered).getJsonObject("peerToken").getString("value");
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(api("sync"))
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
    var delta = (SyncAnswer.Delta) WireJson.readAnswer(json);
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
        send(HttpRequest.newBuilder(api("registry/admin/nodes")).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(contentType(response)).startsWith("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
  }

  /** Payara Server reads the same payara-web.xml: the console, its cookie, its sign-in. */
  @Test
  void servesTheConsoleAndSignsAnAdministratorIn() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(api("").resolve("/")).GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>PeerBook console</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));

    String password = administrator().substring("Basic ".length());
    String[] nameAndPassword =
        new String(Base64.getDecoder().decode(password), StandardCharsets.UTF_8).split(":", 2);
    HttpResponse<String> signedIn =
        send(
            HttpRequest.newBuilder(api("session"))
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
            HttpRequest.newBuilder(api("registry/admin/overview"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .GET()
                .build());
    assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
    assertThat(((JsonObject) parse(overview.body())).getInt("nodes")).isPositive();
  }

  @Test
  void listsTheDataServerAsTheOriginNode() throws Exception {
    HttpResponse<String> response = send(get("registry/admin/nodes"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray nodes = (JsonArray) parse(response.body());
    // the build configures the domain with this address: MicroProfile Config reaches the EAR
    String ownSyncAddress = api("sync").toString();
    assertThat(nodes)
        .map(JsonValue::asJsonObject)
        .anySatisfy(
            node -> {
              assertThat(node.getBoolean("dataServer")).isTrue();
              assertThat(node.getString("syncAddress")).isEqualTo(ownSyncAddress);
            });
  }

  // ---- HTTP ----

  /** The REST application's URI; Arquillian may report the host's external address. */
  private URI api(String path) throws URISyntaxException {
    String context =
        deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/";
    return new URI(
            deployed.getProtocol(), null, "localhost", deployed.getPort(), context, null, null)
        .resolve("api/" + path);
  }

  private HttpRequest get(String path) throws URISyntaxException {
    return HttpRequest.newBuilder(api(path))
        .header("Accept", "application/json")
        .header("Authorization", administrator())
        .GET()
        .build();
  }

  private HttpRequest post(String path, String json) throws URISyntaxException {
    return HttpRequest.newBuilder(api(path))
        .header("Content-Type", "application/json")
        .header("Authorization", administrator())
        .POST(BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest put(String id, String displayName, String ifMatch) throws URISyntaxException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api("contacts/" + id))
            .header("Content-Type", "application/json")
            .header("Authorization", administrator())
            .PUT(
                BodyPublishers.ofString(
                    Json.createObjectBuilder().add("displayName", displayName).build().toString()));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return request.build();
  }

  /** The administrator the server created at its first start, its password beside the file. */
  private static String administrator() {
    String password;
    try {
      password =
          Files.readString(Path.of(System.getProperty("peerbook.it.admin-password-file"))).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return HTTP.send(request, BodyHandlers.ofString());
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private static JsonObject object(HttpResponse<String> response) {
    return parse(response.body()).asJsonObject();
  }

  private static JsonStructure parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.read();
    }
  }
}
