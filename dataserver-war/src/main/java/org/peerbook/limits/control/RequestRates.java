package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One token bucket per node id for registry and sync requests together. The table holds the most
 * recently seen {@value #MAX_NODES} ids, so that a flood of made-up ids cannot exhaust memory.
 */
@ApplicationScoped
public class RequestRates {
  private static final Logger LOG = Logger.getLogger(RequestRates.class.getName());
  static final int MAX_NODES = 200_000;

  @Inject
  @ConfigProperty(name = "peerbook.limits.requests-per-second", defaultValue = "20")
  double perSecond;

  @Inject
  @ConfigProperty(name = "peerbook.limits.burst", defaultValue = "100")
  int burst;

  private final Map<String, TokenBucket> buckets =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
          return size() > MAX_NODES;
        }
      };

  @PostConstruct
  void check() {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalStateException(
          "peerbook.limits.requests-per-second must be positive and peerbook.limits.burst at least 1");
    }
  }

  /**
   * Counts one request of {@code nodeId}.
   *
   * @throws RateLimitedException if the node is over its rate
   */
  public void admit(String nodeId) {
    long now = System.nanoTime();
    TokenBucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(nodeId, id -> new TokenBucket(perSecond, burst, now));
    }
    long wait = bucket.take(now);
    if (wait > 0) {
      long seconds = Math.max(1, (long) Math.ceil(wait / 1e9));
      if (bucket.startsRefusing()) {
        LOG.info(
            () -> "node " + nodeId + " is over its rate: refusing with 429 until it slows down");
      }
      throw new RateLimitedException(nodeId, seconds);
    }
  }
}
