package org.peerbook.it.fullserver;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
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
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One member of the cluster the build runs (the admin server, or the deployment group's instance),
 * called over HTTP as an administrator or a node would.
 */
final class Member {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static final Pattern HEARTBEATS_HELD =
      Pattern.compile("^peerbook_heartbeats_held(?:\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);

  private final URI root;

  private Member(URI root) {
    this.root = root;
  }

  /** The admin server, where Arquillian deployed; it may report the host's external address. */
  static Member deployedAt(URL deployed) {
    String context =
        deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/";
    try {
      return new Member(
          new URI(
              deployed.getProtocol(), null, "localhost", deployed.getPort(), context, null, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The deployment group's instance, where the build deployed; the build names its address. */
  static Member groupInstance() {
    return new Member(URI.create(System.getProperty("peerbook.it.group-instance")));
  }

  /** The REST application's URI. */
  URI api(String path) {
    return root.resolve("api/" + path);
  }

  URI health() {
    return root.resolve("/health/ready");
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(api(path))
        .header("Accept", "application/json")
        .header("Authorization", administrator())
        .GET()
        .build();
  }

  HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(api(path))
        .header("Content-Type", "application/json")
        .header("Authorization", administrator())
        .POST(BodyPublishers.ofString(json))
        .build();
  }

  HttpRequest put(String id, String displayName, String ifMatch) {
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

  /** Registers a node with the domain's enrollment secret (the default); returns the answer. */
  JsonObject register(String nodeId, int port) throws IOException, InterruptedException {
    HttpResponse<String> registered =
        send(
            post(
                "registry/nodes",
                "{\"nodeId\":\""
                    + nodeId
                    + "\",\"syncAddress\":\"http://127.0.0.1:"
                    + port
                    + "/api/sync\",\"networkAddress\":\"127.0.0.1\",\"version\":0,"
                    + "\"credential\":\"peerbook-dev-enrollment\"}"));
    if (registered.statusCode() != 200) {
      throw new IllegalStateException(registered.statusCode() + " " + registered.body());
    }
    return object(registered);
  }

  /**
   * A heartbeat of {@code nodeId} at version 0, held up to {@code waitSeconds} for a head newer
   * than {@code since}.
   */
  HttpRequest heartbeat(String nodeId, String token, int waitSeconds, long since) {
    return HttpRequest.newBuilder(
            api("registry/nodes/" + nodeId + "/heartbeat?wait=" + waitSeconds + "&since=" + since))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .PUT(BodyPublishers.ofString("{\"version\":0,\"load\":0}"))
        .build();
  }

  /** Heartbeat answers this member holds until a new head, off its metrics. */
  long heartbeatsHeld() throws IOException, InterruptedException {
    HttpResponse<String> metrics = send(HttpRequest.newBuilder(root.resolve("/metrics")).build());
    Matcher held = HEARTBEATS_HELD.matcher(metrics.body());
    return held.find() ? (long) Double.parseDouble(held.group(1)) : 0;
  }

  /** The administrator the cluster created at its first start, the password beside the file. */
  static String administrator() {
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

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return HTTP.sendAsync(request, BodyHandlers.ofString());
  }

  static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  static JsonObject object(HttpResponse<String> response) {
    return parse(response.body()).asJsonObject();
  }

  static JsonStructure parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.read();
    }
  }
}
