package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HashChain;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The copy's own costs, without the wire: a snapshot of {@code benchmark.contacts} contacts loaded
 * (the contacts made as they are read, as a parser would hand them over) and a delta of {@code
 * benchmark.delta} entries applied on top, each timed over {@code benchmark.rounds} rounds; phone
 * lookups on the last copy. A benchmark, not a test (not run by the build): {@code ./mvnw -B verify
 * -pl peer-agent -Dtest=StoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false "-DargLine=-Xmx128m
 * -XX:+UseSerialGC -XX:TieredStopAtLevel=1"} (the launcher's JVM options).
 */
class StoreBenchmark {
  private static final int CONTACTS = Integer.getInteger("benchmark.contacts", 100_000);
  private static final int DELTA = Integer.getInteger("benchmark.delta", 10_000);
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

  @TempDir Path dir;

  @Test
  void printFigures() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    StateDigest book = StateDigest.empty();
    for (int i = 0; i < CONTACTS; i++) {
      book.add(person(i, "department " + i % 50));
    }
    SignedHead snapshotHead =
        HeadSignatures.sign(keys.getPrivate(), CONTACTS, "0".repeat(64), book.digest());
    List<ChangeEntry> delta = new ArrayList<>(DELTA);
    String previous = snapshotHead.hash();
    for (int i = 0; i < DELTA; i++) {
      // moves contacts spread over the id order, as a reorganisation would
      int id = (int) ((long) i * CONTACTS / DELTA);
      ContactDto moved = person(id, "moved " + i % 50);
      book.remove(person(id, "department " + id % 50));
      book.add(moved);
      ChangeEntry entry =
          HashChain.seal(
              CONTACTS + i + 1L,
              moved.id(),
              Operation.UPSERT,
              moved,
              Instant.EPOCH.plusMillis(i),
              previous);
      delta.add(entry);
      previous = entry.hash();
    }
    SignedHead deltaHead =
        HeadSignatures.sign(keys.getPrivate(), CONTACTS + DELTA, previous, book.digest());

    System.out.println("=== PeerBook agent store benchmark ===");
    System.out.printf(
        Locale.ROOT,
        "%d contacts, a delta of %d entries, %d rounds, max heap %d MiB%n",
        CONTACTS,
        DELTA,
        ROUNDS,
        Runtime.getRuntime().maxMemory() >> 20);
    for (int round = 1; round <= ROUNDS; round++) {
      Path data = dir.resolve("round-" + round);
      try (var store = LocalStore.open(data, 1000)) {
        long started = System.nanoTime();
        long cpu = cpuNanos();
        int loaded = store.replaceWithSnapshot(snapshotHead, new People(CONTACTS));
        double load = millis(started);
        double loadCpu = (cpuNanos() - cpu) / 1e6;
        assertThat(loaded).isEqualTo(CONTACTS);
        started = System.nanoTime();
        cpu = cpuNanos();
        double[] whileIndexing = new double[0];
        if (round == ROUNDS) {
          // as a mail client would meanwhile: its lookups take CPU from the build
          whileIndexing = lookupsWhileIndexing(store);
        }
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> !store.indexing());
        double indexes = millis(started);
        double indexesCpu = (cpuNanos() - cpu) / 1e6;
        started = System.nanoTime();
        cpu = cpuNanos();
        store.applyDelta(delta, deltaHead);
        double applied = millis(started);
        double appliedCpu = (cpuNanos() - cpu) / 1e6;
        assertThat(store.version()).isEqualTo(CONTACTS + DELTA);
        System.out.printf(
            Locale.ROOT,
            "round %d: snapshot load %6.0f ms (CPU %6.0f ms), its indexes after it %6.0f ms (CPU"
                + " %6.0f ms)   delta %6.0f ms (CPU %6.0f ms)%n",
            round,
            load,
            loadCpu,
            indexes,
            indexesCpu,
            applied,
            appliedCpu);
        if (round == ROUNDS) {
          System.out.printf(
              Locale.ROOT,
              "round %d: lookups (name prefix, e-mail, whole number in turn) while its indexes were"
                  + " built: %d, p50 %.0f ms, max %.0f ms%n",
              round,
              whileIndexing.length,
              whileIndexing.length == 0 ? Double.NaN : whileIndexing[whileIndexing.length / 2],
              whileIndexing.length == 0 ? Double.NaN : whileIndexing[whileIndexing.length - 1]);
          printLookups(store);
        }
      }
    }
    System.out.println("======================================");
  }

  /** Lookups one after another for as long as the copy's indexes are being built, sorted. */
  private static double[] lookupsWhileIndexing(LocalStore store) {
    Random random = new Random(3);
    List<Double> millis = new ArrayList<>();
    for (int i = 0; store.indexing(); i++) {
      int someone = random.nextInt(CONTACTS);
      LocalStore.Search search =
          switch (i % 3) {
            case 0 -> new LocalStore.Search("person " + someone / 100, null, null, null);
            case 1 -> new LocalStore.Search(null, "p" + someone + "@example.com", null, null);
            default -> new LocalStore.Search(null, null, "+1 555 " + someone, null);
          };
      long started = System.nanoTime();
      assertThat(store.search(search, 50)).isNotNull();
      millis.add(millis(started));
    }
    return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  /**
   * Lookups by a name prefix (as AgentBenchmark's: thousands of matches, 50 shown), by e-mail, by a
   * whole number and by a number's last four digits, in the store alone, as JSON as the lookup API
   * answers.
   */
  private static void printLookups(LocalStore store) {
    Random random = new Random(7);
    for (var kind :
        List.<Map.Entry<String, IntFunction<LocalStore.Search>>>of(
            Map.entry(
                "name prefix",
                i ->
                    new LocalStore.Search(
                        random.nextBoolean()
                            ? "王" + random.nextInt(100)
                            : "person " + random.nextInt(1000),
                        null,
                        null,
                        null)),
            Map.entry(
                "a first letter",
                i ->
                    new LocalStore.Search(
                        List.of("p", "g", "f", "王").get(random.nextInt(4)), null, null, null)),
            Map.entry(
                "e-mail",
                i ->
                    new LocalStore.Search(
                        null, "p" + random.nextInt(CONTACTS) + "@example.com", null, null)),
            Map.entry(
                "whole number",
                i -> new LocalStore.Search(null, null, "+1 555 " + random.nextInt(CONTACTS), null)),
            Map.entry(
                "last 4 digits",
                i ->
                    new LocalStore.Search(
                        null, null, String.format("%04d", random.nextInt(10_000)), null)))) {
      double[] millis = new double[2000];
      for (int i = 0; i < millis.length; i++) {
        LocalStore.Search search = kind.getValue().apply(i);
        long started = System.nanoTime();
        assertThat(store.searchJson(search, 50)).isNotNull();
        millis[i] = millis(started);
      }
      Arrays.sort(millis);
      System.out.printf(
          Locale.ROOT,
          "lookup by %s: p50 %.2f ms, p99 %.2f ms%n",
          kind.getKey(),
          millis[millis.length / 2],
          millis[millis.length * 99 / 100]);
    }
  }

  /**
   * The process's CPU time, all threads and the collector included: on a shared machine it moves
   * less than the time on the clock.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double millis(long started) {
    return (System.nanoTime() - started) / 1e6;
  }

  /** As the agent benchmark's data server holds them. */
  static ContactDto person(int i, String department) {
    return person("p" + i, i, department);
  }

  /** A person whose names, address and number are made of {@code i}, under another id. */
  static ContactDto person(String id, int i, String department) {
    return new ContactDto(
        id,
        (i % 3 == 0 ? "王" : "Person ") + i,
        "Given" + i % 1000,
        "Family" + i,
        List.of("p" + i + "@example.com"),
        List.of(new PhoneDto("work", "+1 555 " + i)),
        null,
        department,
        null,
        null,
        null,
        Map.of());
  }

  /** The snapshot's contacts in id order, made one at a time. */
  private static final class People implements Iterator<ContactDto> {
    private final List<Integer> order = new ArrayList<>();
    private int next;

    People(int count) {
      for (int i = 0; i < count; i++) {
        order.add(i);
      }
      order.sort((a, b) -> ("p" + a).compareTo("p" + b));
    }

    @Override
    public boolean hasNext() {
      return next < order.size();
    }

    @Override
    public ContactDto next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = order.get(next++);
      return person(i, "department " + i % 50);
    }
  }
}
