package org.peerbook.agent.transport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.WireJson;

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
   * @param revoked node → cut-off: that node's tokens expiring at or before the cut-off were
   *     revoked (it left, was evicted or got a new credential): refuse them; its later tokens are
   *     good
   */
  public record Lease(
      int leaseSeconds,
      long headVersion,
      String token,
      String peerToken,
      String tokenKey,
      String tokenKeyEndorsement,
      Map<String, Instant> revoked) {}

  /** A source as the resource manager hands it out. */
  public record Source(String nodeId, URI syncAddress, long version, boolean dataServer) {}

  public record Sources(List<Source> sources, long headVersion, int retryAfterSeconds) {}

  /** Registers at version 0 (an empty copy needs no proof). */
  public Lease register(
      String nodeId, URI syncAddress, String networkAddress, long version, String credential) {
    if (version != 0) {
      throw new IllegalArgumentException("a version above 0 needs its signed head");
    }
    return register(nodeId, syncAddress, networkAddress, Optional.empty(), credential);
  }

  /**
   * @param head the copy's signed head, the proof of its version; empty for an empty copy
   */
  public Lease register(
      String nodeId,
      URI syncAddress,
      String networkAddress,
      Optional<SignedHead> head,
      String credential) {
    JsonObjectBuilder body =
        withVersion(
            Json.createObjectBuilder()
                .add("nodeId", nodeId)
                .add("syncAddress", syncAddress.toString())
                .add("networkAddress", networkAddress),
            head);
    if (credential != null && !credential.isBlank()) {
      // without one the registry answers 401, which the agent reports as a refused enrollment;
      // a blank one would be a malformed request (400)
      body.add("credential", credential);
    }
    String text = body.build().toString();
    JsonObject lease = call(() -> asNode(nodes).post(Entity.json(text)));
    return lease(lease);
  }

  /** Renews the lease, claiming the version {@code head} proves (empty: the empty copy). */
  public Lease heartbeat(String nodeId, Optional<SignedHead> head, int load) {
    String body =
        withVersion(Json.createObjectBuilder(), head).add("load", load).build().toString();
    JsonObject lease =
        call(() -> asNode(nodes.path(nodeId).path("heartbeat")).put(Entity.json(body)));
    return lease(lease);
  }

  /** The version claim and its proof: the resource manager counts no version it cannot verify. */
  private static JsonObjectBuilder withVersion(JsonObjectBuilder body, Optional<SignedHead> head) {
    body.add("version", head.map(SignedHead::version).orElse(0L));
    head.ifPresent(signed -> body.add("head", WireJson.toJson(signed)));
    return body;
  }

  private static Lease lease(JsonObject lease) {
    JsonObject token = lease.getJsonObject("token");
    Map<String, Instant> revoked = new HashMap<>();
    lease
        .getJsonObject("revocations")
        .forEach(
            (nodeId, cutoff) ->
                revoked.put(nodeId, Instant.parse(((JsonString) cutoff).getString())));
    return new Lease(
        lease.getInt("leaseSeconds"),
        lease.getJsonNumber("headVersion").longValue(),
        token.getString("value"),
        lease.getJsonObject("peerToken").getString("value"),
        token.getString("key"),
        token.getString("keyEndorsement"),
        Map.copyOf(revoked));
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
