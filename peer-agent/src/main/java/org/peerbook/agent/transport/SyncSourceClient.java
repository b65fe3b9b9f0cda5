package org.peerbook.agent.transport;

import jakarta.json.JsonException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.sync.SyncSource;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.StreamingAnswerReader;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/** A sync source reached over HTTP: {@code POST <sync address>} with a {@link SyncRequest}. */
public final class SyncSourceClient implements SyncSource, AutoCloseable {
  private final Client client;
  private final URI syncAddress;
  private final Supplier<String> token;

  /**
   * @param token this node's current node token, sent with every request
   */
  public SyncSourceClient(URI syncAddress, Supplier<String> token, SSLContext tls) {
    this.syncAddress = syncAddress;
    this.token = token;
    this.client =
        ClientBuilder.newBuilder()
            .sslContext(tls)
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(120, TimeUnit.SECONDS)
            .build();
  }

  @Override
  public <T> T ask(SyncRequest request, AnswerHandler<T> handler) {
    try (Response response =
        client
            .target(syncAddress)
            .request(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.ACCEPT_ENCODING, "gzip")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.get())
            .post(Entity.json(WireJson.toJson(request).toString()))) {
      if (response.getStatus() != 200) {
        throw new SourceUnavailableException(
            syncAddress
                + " answered "
                + response.getStatus()
                + ": "
                + response.readEntity(String.class));
      }
      try (InputStream body = decoded(response)) {
        return StreamingAnswerReader.read(body, handler);
      }
    } catch (ProcessingException | IOException | JsonException e) {
      // JsonException that is not malformed JSON: the connection broke off mid-answer
      throw new SourceUnavailableException(syncAddress + " unreachable: " + e.getMessage());
    }
  }

  private static InputStream decoded(Response response) throws IOException {
    InputStream body = response.readEntity(InputStream.class);
    return "gzip".equalsIgnoreCase(response.getHeaderString(HttpHeaders.CONTENT_ENCODING))
        ? new GZIPInputStream(body)
        : body;
  }

  @Override
  public String describe() {
    return syncAddress.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
