package org.peerbook.registry.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.Arrays;
import org.peerbook.protocol.JsonBuilders;

/**
 * How long the nodes' registry requests took, over the most recent {@value #WINDOW} of them: the
 * latency every agent feels when it registers, heartbeats or asks for sources.
 */
@ApplicationScoped
public class RequestTimings {
  static final int WINDOW = 65_536;
  private final long[] nanos = new long[WINDOW];
  private long recorded;

  public synchronized void record(long durationNanos) {
    nanos[(int) (recorded++ % WINDOW)] = durationNanos;
  }

  /** Starts a new window, e.g. before a load test. */
  public synchronized void reset() {
    recorded = 0;
  }

  /** The window's figures: requests so far, and latency percentiles in milliseconds. */
  public record Latency(
      long requests, int window, double p50Millis, double p99Millis, double maxMillis) {}

  public Latency latency() {
    long[] window;
    long total;
    synchronized (this) {
      total = recorded;
      window = Arrays.copyOf(nanos, (int) Math.min(recorded, WINDOW));
    }
    Arrays.sort(window);
    return new Latency(
        total,
        window.length,
        percentile(window, 0.50),
        percentile(window, 0.99),
        window.length == 0 ? 0 : window[window.length - 1] / 1e6);
  }

  public JsonObject toJson() {
    Latency latency = latency();
    return JsonBuilders.object()
        .add("requests", latency.requests())
        .add("window", latency.window())
        .add("p50Millis", latency.p50Millis())
        .add("p99Millis", latency.p99Millis())
        .add("maxMillis", latency.maxMillis())
        .build();
  }

  private static double percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] / 1e6;
  }
}
