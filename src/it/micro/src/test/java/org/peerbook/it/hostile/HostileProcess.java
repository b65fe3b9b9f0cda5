package org.peerbook.it.hostile;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.peerbook.it.Registrations;

/**
 * A {@link HostileHost} JVM: hostile nodes registered with the test's registry, in a process of
 * their own, speaking real HTTP to the real agents and the real server.
 */
public final class HostileProcess implements AutoCloseable {
  private final Process process;
  private final List<String> events = new CopyOnWriteArrayList<>();

  private HostileProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts the nodes and returns once every one of them is registered.
   *
   * @param first the index of the first node: nodes of processes that run at the same time need
   *     distinct ones, for their ids and loopback addresses
   */
  public static HostileProcess launch(
      Path home, URI api, String prefix, int first, List<Hostility> kinds) {
    try {
      Files.createDirectories(home);
      Path log = home.resolve("hostile-" + prefix + "-" + first + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-cp", classPath()));
      command.add(HostileHost.class.getName());
      command.addAll(
          List.of(api.toString(), prefix, Integer.toString(first), Registrations.SECRET));
      kinds.forEach(kind -> command.add(kind.name()));
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      HostileProcess hostile = new HostileProcess(process);
      hostile.awaitReady(log);
      return hostile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Path log) throws IOException {
    var out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals("READY")) {
        Thread reader = new Thread(() -> collect(out), "hostile-events");
        reader.setDaemon(true);
        reader.start();
        return;
      }
    }
    throw new IllegalStateException("the hostile nodes did not start; see " + log);
  }

  private void collect(BufferedReader out) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        events.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** What its nodes reported so far: {@code ACCEPTED ...} lines are what they got away with. */
  public List<String> events() {
    return List.copyOf(events);
  }

  public List<String> accepted() {
    return events.stream().filter(line -> line.startsWith("ACCEPTED")).toList();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String classPath() {
    try {
      return System.getProperty("peerbook.agentJar")
          + java.io.File.pathSeparator
          + Path.of(HostileHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
