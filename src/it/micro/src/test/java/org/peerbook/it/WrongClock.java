package org.peerbook.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The environment that moves a child process's clocks, as a machine whose clock is wrong has it:
 * libfaketime (Debian's {@code faketime}; {@code .ci/run} installs it). The monotonic clock moves
 * too: left alone, the JVM's timed waits (monotonic deadlines that libfaketime then reads as wall
 * clock ones) end at once, and its threads spin on both cores. Only differences of the monotonic
 * clock mean anything to the JVM.
 */
final class WrongClock {
  private WrongClock() {}

  /**
   * @param ahead how far the process's clock is ahead of the machine's (negative: behind)
   */
  static Map<String, String> environment(Duration ahead) {
    Path library =
        Stream.of("x86_64-linux-gnu", "aarch64-linux-gnu")
            .map(arch -> Path.of("/usr/lib", arch, "faketime", "libfaketimeMT.so.1"))
            .filter(Files::exists)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException("libfaketime is missing: apt-get install faketime"));
    return Map.of(
        "LD_PRELOAD",
        library.toString(),
        // seconds from the real time
        "FAKETIME",
        (ahead.isNegative() ? "" : "+") + ahead.toSeconds(),
        // file times as they are: a JVM reads many, and they are not the clock under test
        "NO_FAKE_STAT",
        "1");
  }
}
