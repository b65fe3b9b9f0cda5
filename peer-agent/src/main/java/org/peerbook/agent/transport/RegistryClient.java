package org.peerbook.agent.transport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.peerbook.protocol.SourceFault;

/**
 * The resource manager's node API over HTTP: register, heartbeat, sources, peer look-ups,
 * deregister. It sends the node's {@code registry} token, never its peer token.
 */
public final class RegistryClient implements AutoCloseable {
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
    this.nodes = client.target(api).path("registry/nodes");
    this.book = client.target(api).path("book");
  }

  /** The data server's public key as it publishes it (base64 X.509). */
  public String publicKey() {
    return call(() -> book.path("public-key").request().get()).getString("publicKey");
  }

  /**
   * A lease as granted or renewed, with the node tokens that go with it.
   *
   * @param token the node's {@code registry} token: for this client's requests only (lease member
   *     {@code token.value})
   * @param peerToken the node's {@code peer} token: for the sync sources it reads from (lease
   *     member {@code peerToken.value})
   * @param tokenKey the resource manager's token key (base64 X.509)
   * @param tokenKeyEndorsement the book key's signature of {@code tokenKey}
   * @param revoked evicted nodes whose tokens may still be valid: refuse them
   */
  public record Lease(
      int leaseSeconds,
      long headVersion,
      String token,
      String peerToken,
      String tokenKey,
      String tokenKeyEndorsement,
      Set<String> revoked) {}

  /** A source as the resource manager hands it out. */
  public record Source(String nodeId, URI syncAddress, long version, boolean dataServer) {}

  public record Sources(List<Source> sources, long headVersion, int retryAfterSeconds) {}

  public Lease register(
      String nodeId, URI syncAddress, String networkAddress, long version, String credential) {
    JsonObject body =
        Json.createObjectBuilder()
            .add("nodeId", nodeId)
            .add("syncAddress", syncAddress.toString())
            .add("networkAddress", networkAddress)
            .add("version", version)
            .add("credential", credential == null ? "" : credential)
            .build();
    JsonObject lease = call(() -> asNode(nodes).post(Entity.json(body.toString())));
    return lease(lease);
  }

  public Lease heartbeat(String nodeId, long version, int load) {
    JsonObject body = Json.createObjectBuilder().add("version", version).add("load", load).build();
    JsonObject lease =
        call(() -> asNode(nodes.path(nodeId).path("heartbeat")).put(Entity.json(body.toString())));
    return lease(lease);
  }

  private static Lease lease(JsonObject lease) {
    JsonObject token = lease.getJsonObject("token");
    return new Lease(
        lease.getInt("leaseSeconds"),
        lease.getJsonNumber("headVersion").longValue(),
        token.getString("value"),
        lease.getJsonObject("peerToken").getString("value"),
        token.getString("key"),
        token.getString("keyEndorsement"),
        lease.getJsonArray("revoked").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toUnmodifiableSet()));
  }

  public Sources sources(String nodeId, long version) {
    JsonObject answer =
        call(() -> asNode(nodes.path(nodeId).path("sources").queryParam("version", version)).get());
    List<Source> sources = new ArrayList<>();
    for (var value : answer.getJsonArray("sources")) {
      JsonObject source = value.asJsonObject();
      sources.add(
          new Source(
              source.getString("nodeId"),
              URI.create(source.getString("syncAddress")),
              source.getJsonNumber("version").longValue(),
              source.getBoolean("dataServer")));
    }
    return new Sources(
        sources,
        answer.getJsonNumber("headVersion").longValue(),
        answer.getInt("retryAfterSeconds", 0));
  }

  /**
   * Where the resource manager lists {@code otherId} now; empty if it holds no lease there.
   *
   * @throws RegistryUnavailableException if the resource manager cannot say
   */
  public Optional<URI> listedAddress(String nodeId, String otherId) {
    try {
      JsonObject listed = call(() -> asNode(nodes.path(nodeId).path("peers").path(otherId)).get());
      return Optional.of(URI.create(listed.getString("syncAddress")));
    } catch (RegistryUnavailableException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Tells the resource manager that {@code sourceId} did not deliver what it was offered for. */
  public void report(String nodeId, String sourceId, SourceFault fault, String reason) {
    JsonObject body =
        Json.createObjectBuilder()
            .add("nodeId", sourceId)
            .add("fault", fault.name())
            .add("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
            .build();
    call(() -> asNode(nodes.path(nodeId).path("reports")).post(Entity.json(body.toString())));
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

  private static JsonObject call(Call call) {
    try (Response response = call.send()) {
      String body = response.readEntity(String.class);
      if (response.getStatus() != 200) {
        throw new RegistryUnavailableException(
            "the resource manager answered " + response.getStatus() + ": " + body,
            response.getStatus());
      }
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
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
