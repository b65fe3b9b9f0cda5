package org.peerbook.agent.transport;

import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StrictObject;
import org.peerbook.protocol.WireJson;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import org.peerbook.protocol.registry.RegistryBinding;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;

/**
 * The resource manager's node API over HTTP: register, heartbeat, sources, peer look-ups,
 * deregister. It sends the node's {@code registry} token, never its peer token.
 */
public final class RegistryClient implements AutoCloseable {
  /** A lease with {@link LeaseAnswer#MAX_REVOCATIONS} revocations fits; more is not an answer. */
  static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

  private final Client client;
  private final WebTarget nodes;
  private final WebTarget book;
  private final Supplier<String> token;

  /** A client for what needs no node token: the book's public key, a first registration. */
  public RegistryClient(URI api, SSLContext tls) {
    this(api, () -> "", tls);
  }

  /**
   * @param api the data server's API root, e.g. {@code http://localhost:8080/api}
   * @param token the node's current token (empty: none yet), sent with every node request
   * @param tls the context for an https API root
   */
  public RegistryClient(URI api, Supplier<String> token, SSLContext tls) {
    this.token = token;
    this.client =
        ClientBuilder.newBuilder()
            .sslContext(tls)
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .build();
    this.nodes = client.target(api).path(RegistryBinding.NODES);
    this.book = client.target(api).path("book");
  }

  /** The data server's public key as it publishes it (base64 X.509). */
  public String publicKey() {
    return call(
        key ->
            StrictObject.of(key, "", Set.of("algorithm", "publicKey"))
                .requiredText("publicKey", 1024),
        () -> book.path("public-key").request().get());
  }

  /** Registers (flow B); a version above 0 needs its signed head to count. */
  public LeaseAnswer register(RegisterRequest request) {
    String body = request.toJson().toString();
    return call(LeaseAnswer::read, () -> asNode(nodes).post(Entity.json(body)));
  }

  /** Renews the lease, claiming the version its head proves (empty: the empty copy). */
  public LeaseAnswer heartbeat(String nodeId, Optional<SignedHead> head, int load) {
    String body = HeartbeatRequest.of(head, load).toJson().toString();
    return call(
        LeaseAnswer::read,
        () -> asNode(nodes.path(nodeId).path(RegistryBinding.HEARTBEAT)).put(Entity.json(body)));
  }

  public SourcesAnswer sources(String nodeId, long version) {
    return call(
        SourcesAnswer::read,
        () ->
            asNode(nodes.path(nodeId).path(RegistryBinding.SOURCES).queryParam("version", version))
                .get());
  }

  /**
   * Where the resource manager lists {@code otherId} now; empty if it holds no lease there.
   *
   * @throws RegistryUnavailableException if the resource manager cannot say
   */
  public Optional<URI> listedAddress(String nodeId, String otherId) {
    try {
      SourceOffer listed =
          call(
              json -> SourceOffer.read(json, ""),
              () -> asNode(nodes.path(nodeId).path(RegistryBinding.PEERS).path(otherId)).get());
      return Optional.of(URI.create(listed.syncAddress()));
    } catch (RegistryUnavailableException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Tells the resource manager that {@code sourceId} did not deliver what it was offered for. */
  public void report(String nodeId, String sourceId, SourceFault fault, String reason) {
    String body = SourceReport.of(sourceId, fault, reason).toJson().toString();
    call(
        SourceReport.Outcome::read,
        () -> asNode(nodes.path(nodeId).path(RegistryBinding.REPORTS)).post(Entity.json(body)));
  }

  public void deregister(String nodeId) {
    try (Response response = asNode(nodes.path(nodeId)).delete()) {
      // 404: the lease had lapsed already; either way the node is gone
    } catch (ProcessingException e) {
      throw new RegistryUnavailableException("deregistering: " + e.getMessage(), 0);
    }
  }

  /** A request that speaks for this node: with its token, when it has one. */
  private Invocation.Builder asNode(WebTarget target) {
    Invocation.Builder request = target.request(MediaType.APPLICATION_JSON_TYPE);
    String current = token.get();
    return current.isEmpty()
        ? request
        : request.header(HttpHeaders.AUTHORIZATION, "Bearer " + current);
  }

  private interface Call {
    Response send();
  }

  /**
   * Sends one request and reads its answer strictly, within {@link #MAX_ANSWER_BYTES} and the
   * nesting bound.
   *
   * @throws RegistryUnavailableException for any other status than 200, no answer, or an answer
   *     that breaks the protocol
   */
  private static <T> T call(Function<JsonValue, T> reader, Call call) {
    try (Response response = call.send()) {
      if (response.getStatus() != 200) {
        throw new RegistryUnavailableException(
            "the resource manager answered "
                + response.getStatus()
                + ": "
                + new String(
                    response.readEntity(InputStream.class).readNBytes(2048),
                    StandardCharsets.UTF_8),
            response.getStatus());
      }
      try (InputStream body = response.readEntity(InputStream.class)) {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new MalformedMessageException(
              null, "the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
        }
        return reader.apply(WireJson.parse(new ByteArrayInputStream(bytes)));
      }
    } catch (MalformedMessageException e) {
      throw new RegistryUnavailableException(
          "the resource manager's answer is malformed: " + e.getMessage(), 0);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "the resource manager's answer broke off: " + e.getMessage(), 0);
    } catch (ProcessingException e) {
      throw new RegistryUnavailableException(
          "the resource manager is unreachable: " + e.getMessage(), 0);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
