package org.peerbook.it.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Requests of one kind timed over several slices of a run: throughput, latency percentiles and the
 * server's CPU time per request, all slices together.
 */
final class TimedRequests {
  private final List<double[]> slices = new ArrayList<>();
  private int count;
  private long nanos;
  private long cpuNanos;
  private long[] memberCpuNanos;

  /** Every latency of every slice in order, made once they are asked for; {@code null} since. */
  private double[] sorted;

  /**
   * @param millis each request's latency
   * @param elapsedNanos how long the slice took, from its first send to its last answer
   * @param cpuNanos the server's CPU time (every member's together) the slice took
   * @param memberCpuNanos each cluster member's share of it; {@code null} for one server
   */
  void add(double[] millis, long elapsedNanos, long cpuNanos, long[] memberCpuNanos) {
    slices.add(millis);
    sorted = null;
    count += millis.length;
    nanos += elapsedNanos;
    this.cpuNanos += cpuNanos;
    addMembers(memberCpuNanos);
  }

  /** {@code after - before}, element by element: what each member used in between. */
  static long[] minus(long[] after, long[] before) {
    long[] between = new long[after.length];
    for (int i = 0; i < after.length; i++) {
      between[i] = after[i] - before[i];
    }
    return between;
  }

  /** Adds {@code other}'s slices to these. */
  void add(TimedRequests other) {
    slices.addAll(other.slices);
    sorted = null;
    count += other.count;
    nanos += other.nanos;
    cpuNanos += other.cpuNanos;
    addMembers(other.memberCpuNanos);
  }

  private void addMembers(long[] cpuNanos) {
    if (cpuNanos == null) {
      return;
    }
    if (memberCpuNanos == null) {
      memberCpuNanos = new long[cpuNanos.length];
    }
    for (int i = 0; i < cpuNanos.length; i++) {
      memberCpuNanos[i] += cpuNanos[i];
    }
  }

  double perSecond() {
    return count / (nanos / 1e9);
  }

  double cpuMillisPerRequest() {
    return cpuNanos / 1e6 / count;
  }

  /** Each member's CPU time per request, or {@code null} for one server. */
  double[] memberCpuMillisPerRequest() {
    return memberCpuNanos == null
        ? null
        : Arrays.stream(memberCpuNanos).mapToDouble(n -> n / 1e6 / count).toArray();
  }

  /** The latency below which {@code share} of the requests were answered, in ms. */
  double percentile(double share) {
    if (sorted == null) {
      sorted = slices.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    }
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * share))];
  }

  /** {throughput, p50, p99, CPU per request}: the figures a measurement hands on. */
  double[] figures() {
    return new double[] {perSecond(), percentile(0.5), percentile(0.99), cpuMillisPerRequest()};
  }
}
