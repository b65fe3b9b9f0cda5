package org.peerbook.it.hostile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/**
 * One hostile node: registered with the enrollment secret like any agent, heartbeating a claim of
 * the data server's head, and serving (or attacking) the way its {@link Hostility} says. Whatever
 * the registry or a victim accepted from it is written to {@code events}, one line each, so the
 * test can assert that nothing was.
 */
final class HostileNode implements AutoCloseable {
  private final Hostility kind;
  private final String nodeId;
  private final String host;
  private final URI api;
  private final String secret;
  private final Consumer<String> events;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Set<String> harvested = ConcurrentHashMap.newKeySet();
  private final Set<String> besieged = ConcurrentHashMap.newKeySet();
  private ServerSocket blackHole;
  private HttpServer server;
  private volatile String token;

  HostileNode(
      Hostility kind, String nodeId, String host, URI api, String secret, Consumer<String> events) {
    this.kind = kind;
    this.nodeId = nodeId;
    this.host = host;
    this.api = api.toString().endsWith("/") ? api : URI.create(api + "/");
    this.secret = secret;
    this.events = events;
  }

  void start() throws IOException {
    int port = listen();
    String syncAddress = "http://" + host + ":" + port + "/api/sync";
    JsonObject lease =
        call(
            "POST",
            "registry/nodes",
            null,
            claim(
                    Json.createObjectBuilder()
                        .add("nodeId", nodeId)
                        .add("syncAddress", syncAddress)
                        .add("networkAddress", host))
                .add("credential", secret)
                .build());
    if (lease == null) {
      throw new IllegalStateException(nodeId + " could not register");
    }
    accept(lease);
    long every = Math.max(500, lease.getInt("leaseSeconds") * 1000L / 3);
    timers.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    if (kind == Hostility.SLOWLORIS) {
      timers.scheduleWithFixedDelay(this::besiegeSources, 0, 1, TimeUnit.SECONDS);
      timers.scheduleWithFixedDelay(this::trickle, 2, 2, TimeUnit.SECONDS);
    }
  }

  private int listen() throws IOException {
    if (kind == Hostility.BLACK_HOLE || kind == Hostility.SLOWLORIS) {
      blackHole = new ServerSocket();
      blackHole.bind(new InetSocketAddress(host, 0), 200);
      workers.execute(this::swallowConnections);
      return blackHole.getLocalPort();
    }
    server = HttpServer.create(new InetSocketAddress(host, 0), 200);
    server.createContext("/api/sync", this::serve);
    server.setExecutor(workers);
    server.start();
    return server.getAddress().getPort();
  }

  private void swallowConnections() {
    while (!blackHole.isClosed()) {
      try {
        held.add(blackHole.accept());
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      SyncRequest request = WireJson.readSyncRequest(WireJson.parse(exchange.getRequestBody()));
      switch (kind) {
        case STALLER -> drip(exchange);
        case BUSY -> busy(exchange);
        case HARVESTER -> {
          busy(exchange);
          replay(request.nodeId(), authorization);
        }
        case NOT_AHEAD -> answer(exchange, new SyncAnswer.RequesterNewer(0, Hashes.ZERO));
        case NO_PROGRESS -> answer(exchange, new SyncAnswer.Delta(head(), List.of(), false));
        default -> throw new IllegalStateException(kind + " does not serve HTTP");
      }
    }
  }

  /** A genuine answer's first bytes, then one byte a second for as long as the victim waits. */
  private static void drip(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    byte[] endless = "{\"kind\":\"DELTA\",\"entries\":[".getBytes(StandardCharsets.UTF_8);
    try {
      for (int i = 0; ; i++) {
        out.write(i < endless.length ? endless[i] : ' ');
        out.flush();
        Thread.sleep(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void busy(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Retry-After", "1");
    exchange.sendResponseHeaders(503, -1);
  }

  private static void answer(HttpExchange exchange, SyncAnswer answer) throws IOException {
    byte[] body = AnswerJson.toJson(answer).toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Speaks to the registry as the victim whose token it was sent; records what was accepted. */
  private void replay(String victim, String authorization) {
    if (authorization == null || !harvested.add(victim)) {
      return;
    }
    JsonObject heartbeat =
        Json.createObjectBuilder().add("version", 0).add("load", 1_000_000).build();
    if (call("PUT", "registry/nodes/" + victim + "/heartbeat", authorization, heartbeat) != null) {
      events.accept("ACCEPTED heartbeat-as " + victim);
    }
    JsonObject report =
        Json.createObjectBuilder()
            .add("nodeId", nodeId)
            .add("fault", "REFUSED")
            .add("reason", "harvested token")
            .build();
    if (call("POST", "registry/nodes/" + victim + "/reports", authorization, report) != null) {
      events.accept("ACCEPTED report-as " + victim);
    }
    if (call("DELETE", "registry/nodes/" + victim, authorization, null) != null) {
      events.accept("ACCEPTED deregister-as " + victim);
    }
  }

  private void besiegeSources() {
    JsonObject sources =
        call("GET", "registry/nodes/" + nodeId + "/sources?version=0", bearer(), null);
    if (sources == null) {
      return;
    }
    for (var source : sources.getJsonArray("sources")) {
      JsonObject node = source.asJsonObject();
      if (!node.getBoolean("dataServer") && besieged.add(node.getString("syncAddress"))) {
        URI target = URI.create(node.getString("syncAddress"));
        events.accept("BESIEGING " + node.getString("nodeId"));
        for (int i = 0; i < 40; i++) {
          try {
            Socket socket = new Socket(target.getHost(), target.getPort());
            socket.getOutputStream().write('P');
            held.add(socket);
          } catch (IOException e) {
            break;
          }
        }
      }
    }
  }

  private void trickle() {
    for (Socket socket : held) {
      try {
        socket.getOutputStream().write('O');
      } catch (IOException e) {
        held.remove(socket);
      }
    }
  }

  private void heartbeat() {
    JsonObject lease =
        call(
            "PUT",
            "registry/nodes/" + nodeId + "/heartbeat",
            bearer(),
            claim(Json.createObjectBuilder()).add("load", 0).build());
    if (lease != null) {
      accept(lease);
    }
  }

  /**
   * Claims the data server's head, with its genuine signed head as proof (anyone may read it from
   * {@code GET book/head}): the registry counts the claim, so the hostile node is handed out.
   */
  private JsonObjectBuilder claim(JsonObjectBuilder body) {
    if (kind == Hostility.SLOWLORIS) {
      return body.add("version", 0);
    }
    SignedHead head = head();
    return body.add("version", head.version()).add("head", WireJson.toJson(head));
  }

  private SignedHead head() {
    JsonObject head = call("GET", "book/head", null, null);
    // the book's head answer also says how far back the log reaches: not part of the signed head
    return WireJson.readHead(Json.createObjectBuilder(head).remove("logFloor").build(), "");
  }

  private void accept(JsonObject lease) {
    token = lease.getJsonObject("token").getString("value");
  }

  private String bearer() {
    return "Bearer " + token;
  }

  /** The answer's JSON for a 2xx ({@code {}} when it has no body), {@code null} otherwise. */
  private JsonObject call(String method, String path, String authorization, JsonObject body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return null;
      }
      return response.body().isBlank()
          ? JsonObject.EMPTY_JSON_OBJECT
          : Json.createReader(new StringReader(response.body())).readObject();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    if (server != null) {
      server.stop(0);
    }
    try {
      if (blackHole != null) {
        blackHole.close();
      }
      for (Socket socket : held) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    workers.shutdownNow();
  }
}
