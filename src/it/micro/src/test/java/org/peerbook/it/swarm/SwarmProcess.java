package org.peerbook.it.swarm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.peerbook.it.ChildJvm;
import org.peerbook.it.Registrations;

/** A {@link SwarmHost} JVM: several agents in one process, each on its own ports and store. */
final class SwarmProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path log;

  private SwarmProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts the JVM; {@link #agents()} waits until it runs. */
  static SwarmProcess launch(
      Path home, String name, Swarm.Settings settings, int first, int count) {
    try {
      Files.createDirectories(home);
      Path log = home.resolve("host-" + first + ".log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + settings.heapPerHost(),
                  "-XX:+UseSerialGC",
                  // milliseconds in the agents' logs: a swarm's steps are tens of ms apart
                  "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n"));
      command.addAll(ChildJvm.options());
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("peerbook.agentJar") + java.io.File.pathSeparator + ownClasses(),
              SwarmHost.class.getName(),
              String.join(",", settings.registries().stream().map(URI::toString).toList()),
              home.toString(),
              name,
              Integer.toString(first),
              Integer.toString(count),
              Integer.toString(settings.maxServing()),
              Long.toString(settings.maxSyncJitterMillis()),
              Registrations.SECRET,
              Long.toString(settings.syncAnswerTimeoutMillis())));
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new SwarmProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The agents it runs, once all of them started. */
  List<SwarmAgent> agents() {
    List<SwarmAgent> agents = new ArrayList<>();
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("READY")) {
          return agents;
        }
        if (line.startsWith("AGENT ")) {
          String[] parts = line.split(" ");
          agents.add(new SwarmAgent(parts[1], Integer.parseInt(parts[2]), log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("the swarm host exited before it was ready; see " + log);
  }

  long residentKibibytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone already
    }
    return -1;
  }

  /** Closes its standard input: every agent deregisters and closes its copy. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String ownClasses() {
    try {
      return Path.of(SwarmHost.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
