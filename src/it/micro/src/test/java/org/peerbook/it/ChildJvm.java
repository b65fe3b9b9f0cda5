package org.peerbook.it;

import java.util.List;

/**
 * The JVM options of every server and agent process a test starts, from {@code
 * peerbook.it.jvm-options}. The test run starts Payara Micro some 30 times and agents some 40 times
 * on two cores: there the tests pass {@code -XX:TieredStopAtLevel=1}, since the optimizing compiler
 * costs more CPU than it saves in processes that live for seconds to minutes (a server start took
 * 38 s of CPU with it, 22 s without). Benchmarks run with the full JIT.
 */
public final class ChildJvm {
  private ChildJvm() {}

  public static List<String> options() {
    String options = System.getProperty("peerbook.it.jvm-options", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
