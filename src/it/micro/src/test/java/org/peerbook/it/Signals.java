package org.peerbook.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** POSIX signals to child processes of the tests (Linux: {@code kill}, {@code /proc}). */
final class Signals {
  private Signals() {}

  static void send(long pid, String name) {
    try {
      int exit =
          new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + name + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP, and back once the process is stopped: delivering a signal is asynchronous. */
  static void stop(long pid) {
    send(pid, "STOP");
    await().atMost(Duration.ofSeconds(10)).until(() -> stopped(pid));
  }

  private static boolean stopped(long pid) throws IOException {
    // /proc/<pid>/stat: "pid (comm) state ...", and comm may hold spaces and parentheses
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    char state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state == 'T' || state == 't';
  }
}
