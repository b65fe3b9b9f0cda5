package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every admin operation the served OpenAPI document lists is refused without an administrator,
 * however its path is spelled: authority sits on the resource, not only on the URL patterns of
 * {@code web.xml}. Every operation that is not one of the nodes' or public ones counts as admin, so
 * a new endpoint is covered the day it appears.
 */
class AdminPathSpellingsIT extends SharedServerIT {
  /** Open to anyone, or guarded by the nodes' own tokens rather than by the admin role. */
  private static final Set<String> NOT_ADMIN =
      Set.of(
          "GET book/head",
          "GET book/public-key",
          "POST sync",
          "GET sync/stats",
          "POST registry/nodes",
          "PUT registry/nodes/{id}/heartbeat",
          "GET registry/nodes/{id}/sources",
          "POST registry/nodes/{id}/reports",
          "GET registry/nodes/{id}/peers/{otherId}",
          "DELETE registry/nodes/{id}",
          // the console's sign-in: it checks the password itself (ConsoleSessionIT)
          "GET session",
          "POST session",
          "DELETE session");

  private static final String PROBE = "probe";
  private static final String CONTACT = "{\"displayName\":\"Mallory\"}";

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Http anonymous;

  @BeforeEach
  void probes() {
    anonymous = Http.anonymous(api.base());
    // so that an operation that got through would change something visible
    assertThat(api.put("contacts/" + PROBE, CONTACT).status()).isIn(200, 201);
    Registrations.registered(api, PROBE, "127.0.0.1", 0);
  }

  @Test
  void refusesEveryAdminOperationWithoutCredentialsWhateverTheSpelling() {
    List<String> operations = adminOperations();
    assertThat(operations)
        .as("admin operations found in /openapi")
        .hasSizeGreaterThan(20)
        .contains(
            "POST book/compaction",
            "GET contacts",
            "PUT contacts/{id}",
            "GET changes",
            "GET contacts/export",
            "PUT contacts/external/{system}/{externalId}",
            "GET directory/sources",
            "DELETE registry/admin/nodes/{id}",
            "POST registry/admin/credentials/{nodeId}");
    State before = state();

    List<String> gotThrough = new ArrayList<>();
    int tried = 0;
    int droppedByContainer = 0;
    for (String operation : operations) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = withProbes(operation.substring(operation.indexOf(' ') + 1));
      for (String spelling : spellings(path)) {
        HttpResponse<String> reply = send(method, spelling, body(method, path, before));
        tried++;
        int status = reply.statusCode();
        if (droppedByTheContainer(spelling, reply)) {
          droppedByContainer++;
        } else if (status < 400 || status >= 500) {
          gotThrough.add(method + " " + spelling + " -> " + status + " " + reply.body());
        } else if (status == 401) {
          assertThat(reply.headers().firstValue("WWW-Authenticate"))
              .as(method + " " + spelling)
              .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic "));
          assertThat(reply.headers().firstValue("Content-Type"))
              .as(method + " " + spelling)
              .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
      }
    }

    assertThat(gotThrough)
        .as(
            "of "
                + tried
                + " anonymous admin calls ("
                + droppedByContainer
                + " dropped by Grizzly)")
        .isEmpty();
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aPathEndingInADotSegmentNeverReachesTheApplicationEvenWithCredentials() {
    State before = state();

    HttpResponse<String> anonymousReply = send("POST", "contacts/.", CONTACT);
    HttpResponse<String> administratorReply = send("POST", "contacts/.", CONTACT, true);

    assertThat(
            droppedByTheContainer("contacts/.", anonymousReply)
                || anonymousReply.statusCode() == 401)
        .as(anonymousReply.statusCode() + " " + anonymousReply.body())
        .isTrue();
    assertThat(administratorReply.statusCode()).as(administratorReply.body()).isNotEqualTo(201);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aFloodOfDotSegmentPathsCostsTheLogOneLineNotAStackTraceEach() throws IOException {
    int dropped = 0;
    for (int i = 0; i < 50; i++) {
      for (String path : List.of("contacts/.", "book/compaction/.")) {
        if (droppedByTheContainer(path, send("POST", path, path.startsWith("c") ? CONTACT : ""))) {
          dropped++;
        }
      }
    }

    // Grizzly fails on some of them only (not on one of 100 in a CI run): where it did, its
    // failures are said in one line
    System.out.printf("dot-segment flood: %d of 100 dropped by the container%n", dropped);
    if (dropped > 0) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(SharedServer.log()).contains("ends in a dot segment"));
    }
    assertThat(Files.readAllLines(SharedServer.log()))
        .as("the container's stack traces of Grizzly's path decoding")
        .noneMatch(
            line -> line.contains("at org.glassfish.grizzly.http.util.HttpRequestURIDecoder"));
  }

  /**
   * Grizzly in Payara 6.2025.10 throws {@code ArrayIndexOutOfBoundsException} while normalising
   * some paths that end in {@code /.} (e.g. {@code POST /api/contacts/.}), logs it and answers with
   * an empty body, often with status 200, before any filter, servlet or resource runs: a wrong
   * status, but nothing is read or written. This tells that answer apart from one of ours, which
   * always has a body and a content type.
   */
  private static boolean droppedByTheContainer(String spelling, HttpResponse<String> reply) {
    return spelling.endsWith("/.")
        && (reply.statusCode() == 200 || reply.statusCode() == 400)
        && reply.body().isEmpty()
        && reply.headers().firstValue("Content-Type").isEmpty();
  }

  @Test
  void letsTheAdministratorUseThePlainSpelling() {
    for (String operation : adminOperations()) {
      if (!operation.startsWith("GET ")) {
        continue;
      }
      String path = withProbes(operation.substring(4));
      Http.Reply reply = api.get(path);
      assertThat(reply.status()).as(operation + ": " + reply.body()).isNotIn(401, 403, 500);
    }
    Http.Reply created = api.post("contacts", CONTACT);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void refusesWithAChallengeAndProblemDetailsWhereNoUrlPatternGuards() {
    HttpResponse<String> reply =
        send("POST", "book/compaction/", "{\"floor\":" + state().version() + "}");

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
    assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic ");
    assertThat(reply.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  /** Ways to write one path that a servlet container or JAX-RS may route to the same resource. */
  static Set<String> spellings(String path) {
    String[] segments = path.split("/");
    String first = segments[0];
    String rest = path.substring(first.length());
    String last = segments[segments.length - 1];
    String upToLast = path.substring(0, path.length() - last.length());
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(path);
    spellings.add(path + "/");
    spellings.add("/" + path);
    spellings.add(path.replace("/", "//"));
    spellings.add(path + ";x=1");
    spellings.add(first + ";x=1" + rest);
    spellings.add(encodeFirst(first) + rest);
    spellings.add(upToLast + encodeFirst(last));
    spellings.add(path + "%2F");
    spellings.add(path.replace("/", "%2F"));
    spellings.add(path.toUpperCase(Locale.ROOT));
    spellings.add(Character.toUpperCase(first.charAt(0)) + path.substring(1));
    spellings.add("./" + path);
    spellings.add("x/../" + path);
    spellings.add(first + "/." + rest);
    return spellings;
  }

  /** {@code contacts} becomes {@code %63ontacts}. */
  private static String encodeFirst(String segment) {
    return String.format("%%%02x", (int) segment.charAt(0)) + segment.substring(1);
  }

  /** Every operation of the served OpenAPI document but the nodes' and public ones. */
  private List<String> adminOperations() {
    Http.Reply document = root.get("openapi", "Accept", "application/json");
    assertThat(document.status()).as(document.body()).isEqualTo(200);
    List<String> operations = new ArrayList<>();
    JsonObject paths = document.object().getJsonObject("paths");
    for (String path : paths.keySet()) {
      int api = path.indexOf("/api/");
      assertThat(api).as(path).isGreaterThanOrEqualTo(0);
      String relative = path.substring(api + "/api/".length());
      for (String method : paths.getJsonObject(path).keySet()) {
        String operation = method.toUpperCase(Locale.ROOT) + " " + relative;
        if (Set.of("GET", "PUT", "POST", "DELETE", "PATCH").contains(operation.split(" ")[0])
            && !NOT_ADMIN.contains(operation)) {
          operations.add(operation);
        }
      }
    }
    return operations;
  }

  private static String withProbes(String template) {
    return template.replace("{system}", "hr").replaceAll("\\{[^}]+}", PROBE).replaceAll("/+$", "");
  }

  /** A body the operation would accept, so that a refusal is not a refusal of the body. */
  private static String body(String method, String path, State state) {
    if (method.equals("GET") || method.equals("DELETE")) {
      return null;
    }
    return switch (path) {
      case "book/compaction" -> "{\"floor\":" + state.version() + "}";
      case "contacts/import" -> "[{\"id\":\"imported-probe\",\"displayName\":\"Mallory\"}]";
      case "registry/admin/allocation" -> "{\"k\":1}";
      default -> CONTACT;
    };
  }

  /** What an operation that got through would have changed. */
  record State(long version, long logFloor, String nodes, String credentials) {}

  private State state() {
    JsonObject head = anonymous.get("book/head").object();
    return new State(
        head.getJsonNumber("version").longValue(),
        head.getJsonNumber("logFloor").longValue(),
        api.get("registry/admin/nodes").json().asJsonArray().stream()
            .map(node -> node.asJsonObject().getString("nodeId"))
            // other classes' nodes on the shared server lapse on their own leases meanwhile
            .filter(id -> id.equals(PROBE) || id.equals("data-server"))
            .sorted()
            .toList()
            .toString(),
        api.get("registry/admin/credentials").body());
  }

  private HttpResponse<String> send(String method, String spelling, String body) {
    return send(method, spelling, body, false);
  }

  /** Sends the path as spelled (no {@code URI.resolve}, which would take the dot segments out). */
  private HttpResponse<String> send(
      String method, String spelling, String body, boolean asAdministrator) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.base() + spelling))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (asAdministrator) {
      request.header("Authorization", TestAdministrator.basicAuthorization());
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + spelling, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
