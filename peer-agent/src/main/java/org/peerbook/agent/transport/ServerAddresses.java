package org.peerbook.agent.transport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The API roots of one server side, e.g. the members of a cluster. A call goes first to the address
 * that answered last; an address that failed waits out a backoff (1 s, doubling per failure in a
 * row, at most a minute) behind the others, so calls do not keep knocking on a dead member, but a
 * call still tries every address before it gives up. Before any address answered, an agent starts
 * at one drawn at random: a fleet configured with the same list spreads over the members instead of
 * all landing on the first. Thread-safe.
 */
public final class ServerAddresses {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);

  private final List<URI> addresses;
  private final LongSupplier nanoTime;
  private final int[] failuresInARow;
  private final long[] backOffUntil;
  private int current;

  /** The addresses, starting at one drawn at random. */
  public ServerAddresses(List<URI> addresses) {
    this(
        addresses,
        ThreadLocalRandom.current().nextInt(Math.max(1, addresses.size())),
        System::nanoTime);
  }

  /** The addresses in the order given: what a test needs to know where a call goes first. */
  static ServerAddresses inOrder(List<URI> addresses) {
    return new ServerAddresses(addresses, 0, System::nanoTime);
  }

  ServerAddresses(List<URI> addresses, int first, LongSupplier nanoTime) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one server address is needed");
    }
    this.addresses = List.copyOf(addresses);
    this.current = first;
    this.nanoTime = nanoTime;
    this.failuresInARow = new int[addresses.size()];
    this.backOffUntil = new long[addresses.size()];
  }

  /**
   * Every address once, in the order to try them for the next call: the one that answered last,
   * then those not backing off (in the configured order), then those backing off, soonest back
   * first.
   */
  public synchronized List<Integer> order() {
    long now = nanoTime.getAsLong();
    List<Integer> ready = new ArrayList<>();
    List<Integer> waiting = new ArrayList<>();
    for (int offset = 0; offset < addresses.size(); offset++) {
      int i = (current + offset) % addresses.size();
      (backOffUntil[i] - now > 0 ? waiting : ready).add(i);
    }
    waiting.sort(Comparator.comparingLong(i -> backOffUntil[i] - now));
    ready.addAll(waiting);
    return ready;
  }

  public URI address(int index) {
    return addresses.get(index);
  }

  public int size() {
    return addresses.size();
  }

  /** The address answered: calls go to it first from now on. */
  public synchronized void answered(int index) {
    current = index;
    failuresInARow[index] = 0;
    backOffUntil[index] = 0;
  }

  /** The address did not answer, or answered that it cannot serve now. */
  public synchronized void failed(int index) {
    int failures = ++failuresInARow[index];
    long backoff =
        Math.min(LONGEST_BACKOFF.toNanos(), FIRST_BACKOFF.toNanos() << Math.min(failures - 1, 16));
    backOffUntil[index] = nanoTime.getAsLong() + backoff;
  }
}
