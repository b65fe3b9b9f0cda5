package org.peerbook.agent.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.Tls;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.registry.LeaseAnswer;

/** What the tests that run a real agent against a stand-in resource manager over HTTP share. */
final class StandInRegistry {
  static final String NODE_ID = "me";

  private StandInRegistry() {}

  static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A lease for {@link #NODE_ID}, its tokens signed with a token key the book key endorsed. */
  static String lease(int leaseSeconds, long headVersion, PrivateKey bookKey, KeyPair tokenKey) {
    return lease(leaseSeconds, headVersion, bookKey, tokenKey, LeaseAnswer.UNSAID);
  }

  /**
   * As {@link #lease(int, long, PrivateKey, KeyPair)}, telling the node how to spread its syncs.
   */
  static String lease(
      int leaseSeconds,
      long headVersion,
      PrivateKey bookKey,
      KeyPair tokenKey,
      int syncSpreadMillis) {
    Instant expires = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    return new LeaseAnswer(
            leaseSeconds,
            headVersion,
            0,
            Map.of(),
            new LeaseAnswer.IssuedTokens(
                NodeTokens.issue(
                    tokenKey.getPrivate(),
                    new NodeToken(NODE_ID, NodeToken.Audience.REGISTRY, expires)),
                NodeTokens.issue(
                    tokenKey.getPrivate(),
                    new NodeToken(NODE_ID, NodeToken.Audience.PEER, expires)),
                expires,
                HeadSignatures.encode(tokenKey.getPublic()),
                NodeTokens.endorse(bookKey, tokenKey.getPublic())),
            syncSpreadMillis)
        .toJson(true)
        .toString();
  }

  /** A stand-in resource manager on loopback answering the node API with {@code nodes}. */
  static HttpServer serve(HttpHandler nodes) throws IOException {
    return serve(nodes, null);
  }

  /**
   * As {@link #serve(HttpHandler)}, on {@code threads} (null: the server's one thread); one that
   * holds answers needs several.
   */
  static HttpServer serve(HttpHandler nodes, java.util.concurrent.Executor threads)
      throws IOException {
    HttpServer registry =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/api/registry/nodes", nodes);
    registry.setExecutor(threads);
    registry.start();
    return registry;
  }

  static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The settings of agent {@link #NODE_ID} on loopback that knows {@code registry} only. */
  static AgentSettings settings(
      HttpServer registry, Path home, java.security.PublicKey bookKey, SyncLimits limits) {
    return settings(registry, home, bookKey, limits, Duration.ZERO);
  }

  /** As above, waiting up to {@code maxSyncJitter} before a sync a heartbeat started. */
  static AgentSettings settings(
      HttpServer registry,
      Path home,
      java.security.PublicKey bookKey,
      SyncLimits limits,
      Duration maxSyncJitter) {
    InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    return new AgentSettings(
        NODE_ID,
        List.of(URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/api")),
        home,
        anyPort,
        "127.0.0.1",
        "127.0.0.1",
        "secret",
        bookKey,
        anyPort,
        2,
        100,
        maxSyncJitter,
        Tls.none(),
        Optional.empty(),
        ListenerLimits.defaults(),
        Optional.empty(),
        limits);
  }
}
