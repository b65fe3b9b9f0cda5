package org.peerbook.agent.transport;

import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.glassfish.jersey.client.ClientProperties;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StrictObject;
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
 *
 * <p>The server side may have several addresses (the members of a cluster, which share the
 * registry): a call that finds no server at one address, or a server that answers 500, 502, 503 or
 * 504, goes on to the next ({@link FailoverCalls}). Every call is safe to repeat: registering again
 * with the node's token is the same registration, heartbeats and look-ups change nothing twice, and
 * a report spends one hand-out.
 */
public final class RegistryClient implements AutoCloseable {
  /**
   * How long one call may wait for answers over all the addresses it tries (connecting aside): the
   * heartbeat that made it is late by at most this, and a lease lasts three heartbeats.
   */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

  private final FailoverCalls calls;
  private final Supplier<String> token;

  /** A client for what needs no node token: the book's public key, a first registration. */
  public RegistryClient(List<URI> apis, SSLContext tls) {
    this(apis, () -> "", tls);
  }

  /**
   * @param apis the data server's API roots, e.g. {@code http://localhost:8080/api}: one, or one
   *     per cluster member
   * @param token the node's current token (empty: none yet), sent with every node request
   * @param tls the context for an https API root
   */
  public RegistryClient(List<URI> apis, Supplier<String> token, SSLContext tls) {
    this(apis, token, tls, sent -> {});
  }

  /**
   * @param answerDates told of the time each answer says it was sent (its {@code Date}), as it
   *     arrives
   */
  public RegistryClient(
      List<URI> apis, Supplier<String> token, SSLContext tls, Consumer<Instant> answerDates) {
    this(new ServerAddresses(apis), token, tls, CALL_DEADLINE, answerDates);
  }

  RegistryClient(
      ServerAddresses servers,
      Supplier<String> token,
      SSLContext tls,
      Duration callDeadline,
      Consumer<Instant> answerDates) {
    this.token = token;
    this.calls = new FailoverCalls(servers, tls, callDeadline, answerDates);
  }

  /** The data server's public key as it publishes it (base64 X.509). */
  public String publicKey() {
    return call(
        key ->
            StrictObject.of(key, "", Set.of("algorithm", "publicKey"))
                .requiredText("publicKey", 1024),
        (api, timeout) ->
            api.path("book")
                .path("public-key")
                .request()
                .property(ClientProperties.READ_TIMEOUT, timeout)
                .get());
  }

  /** Registers (flow B); a version above 0 needs its signed head to count. */
  public LeaseAnswer register(RegisterRequest request) {
    String body = request.toJson().toString();
    return call(
        LeaseAnswer::read, (api, timeout) -> asNode(nodes(api), timeout).post(Entity.json(body)));
  }

  /** Renews the lease, claiming the version its head proves (empty: the empty copy). */
  public LeaseAnswer heartbeat(String nodeId, Optional<SignedHead> head, int load) {
    return heartbeat(HeartbeatRequest.of(head, load, HeartbeatRequest.Received.NOTHING), nodeId);
  }

  /** Renews the lease with everything a heartbeat says. */
  public LeaseAnswer heartbeat(HeartbeatRequest beat, String nodeId) {
    return heartbeat(beat, nodeId, Duration.ZERO);
  }

  /**
   * Renews the lease, and lets the resource manager hold the answer up to {@code hold} (whole
   * seconds) while the head is at the version the heartbeat claims: it answers as soon as a newer
   * head is committed, and at once if the head is newer already. The wait can be interrupted.
   */
  public LeaseAnswer heartbeat(HeartbeatRequest beat, String nodeId, Duration hold) {
    String body = beat.toJson().toString();
    long seconds = Math.min(hold.toSeconds(), RegistryBinding.MAX_WAIT_SECONDS);
    return calls.read(
        LeaseAnswer::read,
        (api, timeout) -> {
          WebTarget target = nodes(api).path(nodeId).path(RegistryBinding.HEARTBEAT);
          return seconds <= 0
              ? asNode(target, timeout).put(Entity.json(body))
              : interruptible(
                  asNode(target.queryParam(RegistryBinding.WAIT, seconds), timeout)
                      .async()
                      .put(Entity.json(body)));
        },
        Duration.ofSeconds(Math.max(0, seconds)));
  }

  /** Waits for an answer on the caller's thread, which an interrupt (the agent closing) frees. */
  private static Response interruptible(Future<Response> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new ProcessingException("interrupted while the answer was held", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ProcessingException processing
          ? processing
          : new ProcessingException(e.getCause());
    }
  }

  public SourcesAnswer sources(String nodeId, long version) {
    return sources(nodeId, version, Duration.ZERO);
  }

  /**
   * Asks for sources; when nobody can help yet, the resource manager may hold the answer up to
   * {@code hold} (whole seconds) until a node reaches a newer version. The wait can be interrupted.
   */
  public SourcesAnswer sources(String nodeId, long version, Duration hold) {
    long seconds = Math.min(hold.toSeconds(), RegistryBinding.MAX_WAIT_SECONDS);
    return calls.read(
        SourcesAnswer::read,
        (api, timeout) -> {
          WebTarget target =
              nodes(api).path(nodeId).path(RegistryBinding.SOURCES).queryParam("version", version);
          return seconds <= 0
              ? asNode(target, timeout).get()
              : interruptible(
                  asNode(target.queryParam(RegistryBinding.WAIT, seconds), timeout).async().get());
        },
        Duration.ofSeconds(Math.max(0, seconds)));
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
              (api, timeout) ->
                  asNode(nodes(api).path(nodeId).path(RegistryBinding.PEERS).path(otherId), timeout)
                      .get());
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
        (api, timeout) ->
            asNode(nodes(api).path(nodeId).path(RegistryBinding.REPORTS), timeout)
                .post(Entity.json(body)));
  }

  public void deregister(String nodeId) {
    // 404: the lease had lapsed already; either way the node is gone
    calls
        .send((api, timeout) -> asNode(nodes(api).path(nodeId), timeout).delete(), Duration.ZERO)
        .close();
  }

  private WebTarget nodes(WebTarget api) {
    return api.path(RegistryBinding.NODES);
  }

  /**
   * A request that speaks for this node: with its token, when it has one, waiting at most {@code
   * readTimeout} ms for its answer. The timeout is the request's property, not the target's: a
   * target with a property of its own makes Jersey build a new client runtime for its request
   * (async-profiler, SwarmBenchmark: a sixth of an agent host's CPU, and much of its garbage).
   */
  private Invocation.Builder asNode(WebTarget target, int readTimeout) {
    Invocation.Builder request =
        target
            .request(MediaType.APPLICATION_JSON_TYPE)
            .property(ClientProperties.READ_TIMEOUT, readTimeout);
    String current = token.get();
    return current.isEmpty()
        ? request
        : request.header(HttpHeaders.AUTHORIZATION, "Bearer " + current);
  }

  /** One call, answered at once: see {@link FailoverCalls#read}. */
  private <T> T call(Function<JsonValue, T> reader, FailoverCalls.Call call) {
    return calls.read(reader, call, Duration.ZERO);
  }

  @Override
  public void close() {
    calls.close();
  }
}
