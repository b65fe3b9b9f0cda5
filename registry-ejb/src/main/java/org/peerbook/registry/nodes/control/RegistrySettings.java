package org.peerbook.registry.nodes.control;

/**
 * What a {@link Registry} is configured with, besides its allocation settings.
 *
 * @param dataServerId the data server's own node id, which no node may take
 * @param dataServerUrl the data server's sync address, handed out as the source of last resort
 * @param leaseSeconds how long a registration or heartbeat holds
 * @param grantSeconds how long a data-server slot is held without a heartbeat
 * @param dataServerStaggerMillis how long the data-server grants in use must have run before a
 *     further slot opens
 * @param sessionsPerPeer a peer counted at this many sessions (reported, and hand-outs since) is
 *     handed to nobody more until one ends
 * @param retryAfterSeconds the retry hint when every data-server slot is taken
 * @param reportQuorum distinct reporters after which a source is demoted (handed to nobody)
 * @param reportThreshold distinct reporters of misconduct after which a source is evicted
 * @param demotionSeconds how long a first counted report withholds a source from its reporter, and
 *     a first demotion from everyone
 * @param reportWindowSeconds how long a hand-out allows a report
 * @param headProofCache how many distinct signed heads are remembered as verified
 * @param hopBudget whether holders within ⌈log_{k+1} N⌉ hops are handed out before deeper ones,
 *     whatever the strategy chain ({@link org.peerbook.registry.allocation.control.HopBudget})
 * @param syncStartsPerSecond how many syncs a new head may start per second: nodes are told to
 *     spread theirs over N / this seconds
 */
public record RegistrySettings(
    String dataServerId,
    String dataServerUrl,
    int leaseSeconds,
    int grantSeconds,
    int dataServerStaggerMillis,
    int sessionsPerPeer,
    int retryAfterSeconds,
    int reportQuorum,
    int reportThreshold,
    int demotionSeconds,
    int reportWindowSeconds,
    int headProofCache,
    boolean hopBudget,
    int syncStartsPerSecond) {

  public RegistrySettings {
    if (leaseSeconds < 1 || grantSeconds < 1 || retryAfterSeconds < 1) {
      throw new IllegalArgumentException("lease, grant and retry times must be at least 1 s");
    }
    if (sessionsPerPeer < 1) {
      throw new IllegalArgumentException("a peer serves at least one session");
    }
    if (dataServerStaggerMillis < 0) {
      throw new IllegalArgumentException("the data-server stagger must not be negative");
    }
    if (syncStartsPerSecond < 1) {
      throw new IllegalArgumentException("syncs must start at a rate of at least 1 per second");
    }
    if (reportQuorum < 1 || reportThreshold < 1 || demotionSeconds < 1 || reportWindowSeconds < 1) {
      throw new IllegalArgumentException(
          "report quorum, threshold, demotion and window must be >= 1");
    }
  }
}
