package org.peerbook.agent.store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * A snapshot of {@code benchmark.contacts} contacts (as {@link StoreBenchmark}'s) loaded into the
 * map layout without its indexes ({@link MapSnapshotLoad}), then the indexes built in one pass
 * ({@link MapIndexBuild}, runs of {@code benchmark.runKeys} keys): the time of each, the file's
 * size and the heap's peak. A benchmark, not a test (not run by the build): {@code ./mvnw -B -o
 * test -pl peer-agent -Dfuzz.skip=true -Dtest=MapLoadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx128m -XX:+UseSerialGC
 * -XX:TieredStopAtLevel=1"} (the launcher's JVM options).
 */
class MapLoadBenchmark {
  private static final int CONTACTS = Integer.getInteger("benchmark.contacts", 100_000);
  private static final int RUN_KEYS =
      Integer.getInteger("benchmark.runKeys", MapIndexBuild.RUN_KEYS);
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
  // names, addresses and numbers in no relation to the ids' order, as ids a directory makes up
  // would be: each run of the build then changes pages all over every index
  private static final boolean SCRAMBLED = Boolean.getBoolean("benchmark.scrambled");

  @TempDir Path dir;

  @Test
  void printFigures() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    StateDigest book = StateDigest.empty();
    for (int i = 0; i < CONTACTS; i++) {
      book.add(person(i));
    }
    SignedHead head =
        HeadSignatures.sign(keys.getPrivate(), CONTACTS, "0".repeat(64), book.digest());
    System.out.printf(
        Locale.ROOT,
        "=== map load: %d contacts%s, runs of %d keys, max heap %d MiB ===%n",
        CONTACTS,
        SCRAMBLED ? " (scrambled)" : "",
        RUN_KEYS,
        Runtime.getRuntime().maxMemory() >> 20);
    for (int round = 1; round <= ROUNDS; round++) {
      Path file = dir.resolve("copy-" + round + ".mv.db");
      resetPeaks();
      long started = System.nanoTime();
      long cpu = cpuNanos();
      int count = MapSnapshotLoad.load(file, head, inIdOrder(), null, false, 4);
      double load = seconds(started);
      double loadCpu = (cpuNanos() - cpu) / 1e9;
      long loadPeak = peakMib();
      long loadedFile = Files.size(file) >> 20;
      resetPeaks();
      started = System.nanoTime();
      cpu = cpuNanos();
      long gc = gcMillis();
      try (CopyMaps maps = CopyMaps.open(file, 4)) {
        if (!MapIndexBuild.build(maps, new ReentrantLock(), () -> false, RUN_KEYS)) {
          throw new AssertionError("the build stopped");
        }
      }
      double build = seconds(started);
      double buildCpu = (cpuNanos() - cpu) / 1e9;
      double buildGc = (gcMillis() - gc) / 1e3;
      System.out.printf(
          Locale.ROOT,
          "round %d: %d contacts in %.2f s (CPU %.2f s; file %d MiB, heap peak %d MiB); indexes in"
              + " one pass %.2f s (CPU %.2f s, GC %.2f s; file %d MiB, heap peak %d MiB)%n",
          round,
          count,
          load,
          loadCpu,
          loadedFile,
          loadPeak,
          build,
          buildCpu,
          buildGc,
          Files.size(file) >> 20,
          peakMib());
      Files.delete(file);
    }
  }

  /** The contacts in id order, made one at a time as a parser would hand them over. */
  private static Iterator<ContactDto> inIdOrder() {
    int[] order =
        IntStream.range(0, CONTACTS)
            .boxed()
            .sorted(Comparator.comparing(i -> "p" + i))
            .mapToInt(Integer::intValue)
            .toArray();
    return Arrays.stream(order).mapToObj(MapLoadBenchmark::person).iterator();
  }

  /** As StoreBenchmark's; scrambled, its texts those of another person. */
  private static ContactDto person(int id) {
    int i = SCRAMBLED ? (int) ((id * 7919L) % CONTACTS) : id;
    return StoreBenchmark.person("p" + id, i, "department " + i % 50);
  }

  private static void resetPeaks() {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The heap pools' peaks added up: garbage not yet collected included, so an upper bound. */
  private static long peakMib() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() >> 20;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  /**
   * The process's CPU time, the collector included: on a shared machine it moves less than the time
   * on the clock.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> gc.getCollectionTime())
        .sum();
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
