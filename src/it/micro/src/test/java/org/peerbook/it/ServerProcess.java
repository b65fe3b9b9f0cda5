package org.peerbook.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A data server as its own operating-system process (Payara Micro running the built WAR), so that a
 * test can kill it with SIGKILL and start it again on the same data (and the same port: {@link
 * #start} again after {@link #kill} or {@link #close}).
 */
public final class ServerProcess implements AutoCloseable {
  /** How long a cluster's grid waits for a silent member: run-server's default. */
  public static final int GRID_FAILURE_SECONDS = 10;

  private static final Pattern GRID_EVENTS =
      Pattern.compile(
          "com\\.hazelcast\\.internal\\.cluster|org\\.peerbook\\.registry\\.cluster|has left"
              + " cluster|lost the dispatch");
  private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;]*m");

  private final Path home;
  private final Map<String, String> settings;
  private final int port;
  private List<String> clusterArguments = List.of("--nocluster");
  private Path tlsKeystore;
  private String tlsAlias;
  private int tlsPort;
  private Process process;
  private final Map<String, String> environment = new HashMap<>();

  /**
   * @param home the directory for its log (and, by default, its H2 data)
   * @param settings MicroProfile Config settings, passed as system properties
   */
  public ServerProcess(Path home, Map<String, String> settings) {
    this.home = home;
    this.settings = settings;
    this.port = FreePorts.next();
  }

  /**
   * Serves HTTPS too, with the key {@code alias} of a PKCS#12 keystore whose password is {@link
   * TestCa#PASSWORD}; the registry then hands out its https address.
   */
  public ServerProcess withTls(Path keystore, String alias) {
    this.tlsKeystore = keystore;
    this.tlsAlias = alias;
    this.tlsPort = FreePorts.next();
    return this;
  }

  public ServerProcess start() {
    try {
      Files.createDirectories(home);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx1g");
      command.addAll(ChildJvm.options());
      command.add("-Dpeerbook.data.dir=" + home.resolve("data"));
      command.add(
          "-Dpeerbook.registry.data-server-url="
              + (tlsKeystore == null ? "http://localhost:" + port : "https://localhost:" + tlsPort)
              + "/api/sync");
      if (tlsKeystore != null) {
        command.add("-Djavax.net.ssl.keyStore=" + tlsKeystore);
        command.add("-Djavax.net.ssl.keyStorePassword=" + TestCa.PASSWORD);
        command.add("-Djavax.net.ssl.keyStoreType=PKCS12");
      }
      settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
      if (!clusterArguments.contains("--nocluster")) {
        command.add("-Dpeerbook.cluster.enabled=true");
        // the grid's failure detection as run-server sets it
        command.add("-Dhazelcast.max.no.heartbeat.seconds=" + GRID_FAILURE_SECONDS);
        command.add("-Dhazelcast.heartbeat.interval.seconds=1");
        command.add("-Dhazelcast.merge.first.run.delay.seconds=10");
        command.add("-Dhazelcast.merge.next.run.delay.seconds=10");
        command.add("-Dhazelcast.io.selectionKeyWakeupEnabled=false");
      }
      command.addAll(
          List.of(
              "-jar",
              System.getProperty("payara.microJar"),
              "--deploy",
              System.getProperty("peerbook.war"),
              "--contextroot",
              "/",
              "--port",
              Integer.toString(port),
              "--nohostaware"));
      command.addAll(clusterArguments);
      if (tlsKeystore != null) {
        command.addAll(List.of("--sslport", Integer.toString(tlsPort), "--sslcert", tlsAlias));
      }
      var builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      await("data server on port " + port)
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(this::ready);
    } catch (RuntimeException e) {
      // the caller never gets the instance to close: a server that did not come up must not
      // outlive the test and slow the next ones
      process.destroyForcibly();
      throw e;
    }
    return this;
  }

  /** Moves the server JVM's wall clock {@code ahead} of this machine's ({@link WrongClock}). */
  public ServerProcess withClockAhead(Duration ahead) {
    environment.putAll(WrongClock.environment(ahead));
    return this;
  }

  /**
   * Makes it a member of the cluster {@code name}: Payara Micro's data grid on loopback, this
   * member at {@code gridPort}, every member's grid port in {@code gridPorts}; the book must be in
   * a database every member shares.
   */
  public ServerProcess inCluster(String name, int gridPort, List<Integer> gridPorts) {
    String members = String.join(",", gridPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    clusterArguments =
        List.of(
            "--clustermode",
            "tcpip:" + members,
            "--interfaces",
            "127.0.0.1",
            "--startport",
            Integer.toString(gridPort),
            "--clustername",
            name);
    return this;
  }

  /**
   * The members of a new cluster on loopback, not started yet, each in its own directory under
   * {@code home} ({@code member-0}, ...), all with {@code settings} (which must name a database
   * they share).
   */
  public static List<ServerProcess> cluster(Path home, Map<String, String> settings, int size) {
    List<Integer> gridPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      gridPorts.add(FreePorts.next());
    }
    String name = "peerbook-it-" + System.nanoTime();
    List<ServerProcess> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(
          new ServerProcess(home.resolve("member-" + i), settings)
              .inCluster(name, gridPorts.get(i), gridPorts));
    }
    return members;
  }

  /** Known before the server starts, so that clients can be pointed at it first. */
  public int port() {
    return port;
  }

  public Http api() {
    return new Http(URI.create("http://localhost:" + port + "/api/"));
  }

  /** The server's root, where MicroProfile Health and Metrics answer. */
  public Http root() {
    return new Http(URI.create("http://localhost:" + port + "/"));
  }

  /** The API over HTTPS, trusting what {@code tls} trusts. */
  public Http tlsApi(SSLContext tls) {
    return new Http(URI.create("https://localhost:" + tlsPort + "/api/"), tls);
  }

  /** The CPU time the server's JVM has used so far (user and system, all its threads). */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElseThrow();
  }

  /** What the server wrote (its standard output and error). */
  public Path log() {
    return home.resolve("server.log");
  }

  /**
   * What the server logged of its place in the cluster (the grid's membership, suspicions, who is
   * master, this member cut off or standing still), for a failed test to print: a CI run keeps only
   * the test's output.
   */
  public List<String> gridEvents() {
    try (var lines = Files.lines(log())) {
      return lines
          .filter(line -> GRID_EVENTS.matcher(line).find())
          .map(line -> ANSI.matcher(line).replaceAll(""))
          .map(line -> line.length() > 400 ? line.substring(0, 400) + "..." : line)
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of("(no log: " + e + ")");
    }
  }

  /**
   * SIGSTOP: the server neither answers nor speaks to the grid until {@link #thaw}, its connections
   * left open, as a frozen VM or a long pause would.
   */
  public void freeze() {
    Signals.stop(process.pid());
  }

  /** SIGCONT: a frozen server goes on where it stopped. */
  public void thaw() {
    Signals.send(process.pid(), "CONT");
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the data server exited; see " + home.resolve("server.log"));
    }
    try {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/book/head"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static Path workDirectory(String name) {
    return Path.of(System.getProperty("peerbook.it.work", "target/it-work"))
        .resolve(name + "-" + System.nanoTime());
  }
}
