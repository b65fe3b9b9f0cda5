package org.peerbook.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A peer agent as its own JVM, with its own data directory, driven through its lookup API. */
public final class AgentProcess implements AutoCloseable {
  private final Path home;
  private final String maxHeap;
  private final List<String> jvmOptions;
  private final Map<String, String> environment = new HashMap<>();
  private final int lookupPort = FreePorts.next();
  // one client, so one pool of connections, per agent process (see Http)
  private volatile Http lookups;
  private Process process;

  public AgentProcess(Path home) {
    this(home, "256m");
  }

  /**
   * @param maxHeap the agent JVM's -Xmx, e.g. {@code 256m}
   */
  public AgentProcess(Path home, String maxHeap) {
    this(home, maxHeap, List.of());
  }

  /**
   * @param jvmOptions more options for the agent's JVM, after the heap and the tests' own
   */
  public AgentProcess(Path home, String maxHeap, List<String> jvmOptions) {
    this.home = home;
    this.maxHeap = maxHeap;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Moves the agent JVM's wall clock {@code ahead} of this machine's ({@link WrongClock}). */
  public AgentProcess withClockAhead(Duration ahead) {
    environment.putAll(WrongClock.environment(ahead));
    return this;
  }

  /**
   * @param registryApi the data server's API root
   * @param listenHost the loopback address to serve peers on (one per agent: its own "network")
   */
  public AgentProcess start(URI registryApi, String listenHost, String... extraArguments) {
    launch(registryApi, listenHost, extraArguments);
    return awaitLookups();
  }

  /** Starts the process without waiting for it to answer. */
  public AgentProcess launch(URI registryApi, String listenHost, String... extraArguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap));
    command.addAll(ChildJvm.options());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("peerbook.agentJar"),
            "run",
            "--registry",
            registryApi.toString(),
            "--data-dir",
            home.resolve("data").toString(),
            "--listen",
            listenHost + ":0",
            "--lookup",
            "127.0.0.1:" + lookupPort,
            "--max-sync-jitter-ms",
            "200"));
    if (!List.of(extraArguments).contains("--enrollment-secret")) {
      command.addAll(List.of("--enrollment-secret", Registrations.SECRET));
    }
    command.addAll(List.of(extraArguments));
    try {
      Files.createDirectories(home);
      lookups = new Http(URI.create("http://127.0.0.1:" + lookupPort + "/"));
      var builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("agent.log").toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public AgentProcess awaitLookups() {
    await("agent lookup API")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> lookups().get("lookup/status").status() == 200);
    return this;
  }

  public Http lookups() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the agent exited; see " + home.resolve("agent.log"));
    }
    return lookups;
  }

  public JsonObject status() {
    return lookups().get("lookup/status").object();
  }

  /** Resident memory of the agent's JVM, from /proc (Linux). */
  public long residentKibibytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return home.resolve("agent.log");
  }

  public long version() {
    return status().getJsonNumber("version").longValue();
  }

  public String nodeId() {
    return status().getString("nodeId");
  }

  /** SIGKILL: no deregistration, no cleanup. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGSTOP: the agent neither heartbeats nor syncs nor answers until {@link #thaw}. */
  public void freeze() {
    Signals.stop(process.pid());
  }

  /** SIGCONT: a frozen agent goes on where it stopped. */
  public void thaw() {
    Signals.send(process.pid(), "CONT");
  }

  /** SIGTERM: the agent deregisters and closes its copy (thawed first, if it was frozen). */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      thaw();
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
