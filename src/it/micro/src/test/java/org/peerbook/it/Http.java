package org.peerbook.it;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A JSON client for the data server's API, as an administrator or a node would call it.
 *
 * <p>Keep one per agent process: each holds its own pool of kept-alive connections, and a new one
 * per call left a connection open per call until the other side's idle timeout. Polling an agent's
 * status every 100 ms that way filled its 64 lookup connections in seconds, and the next call
 * waited some 22 s for one to time out: every first-sync and restart figure of AgentBenchmark
 * carried that wait (first sync 31 s measured, 13-16 s in fact).
 */
public final class Http {
  private final HttpClient client;
  private final URI base;
  private final boolean asAdministrator;

  /**
   * A client that sends the test administrator's credentials with every request (a call's own
   * {@code Authorization} header replaces them).
   *
   * @param base the API root, e.g. {@code http://localhost:8080/api/}
   */
  public Http(URI base) {
    this(base, true, null);
  }

  /** The same, over HTTPS trusting what {@code tls} trusts. */
  public Http(URI base, SSLContext tls) {
    this(base, true, tls);
  }

  private Http(URI base, boolean asAdministrator, SSLContext tls) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.asAdministrator = asAdministrator;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  /** A client that sends no credentials but those a call names. */
  public static Http anonymous(URI base) {
    return new Http(base, false, null);
  }

  public URI base() {
    return base;
  }

  /** A response with its body read as text. */
  public record Reply(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public JsonValue json() {
      try (var reader = Json.createReader(new StringReader(raw.body()))) {
        return reader.readValue();
      }
    }

    public jakarta.json.JsonObject object() {
      return json().asJsonObject();
    }
  }

  public Reply get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  public Reply delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  public Reply post(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply post(String path, JsonStructure body, String... headers) {
    return post(path, body.toString(), headers);
  }

  public Reply put(String path, String body, String... headers) {
    return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A file upload: the bytes as they are (a byte order mark, another charset...). */
  public Reply post(String path, byte[] body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A download, byte for byte. */
  /** Sends {@code body} chunked, without announcing its length. */
  public Reply postStreamed(String path, byte[] body, String... headers) {
    return send(
        request(path, headers)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    try {
      return client.send(
          request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> postForBytes(String path, String body, String... headers) {
    try {
      return client.send(
          request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json");
    if (asAdministrator) {
      builder.setHeader("Authorization", TestAdministrator.basicAuthorization());
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.setHeader(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
