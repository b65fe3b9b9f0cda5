package org.peerbook.simulation.entity;

import org.peerbook.protocol.SlowSource;

/**
 * One simulation run. The defaults are the production defaults of the resource manager and the
 * agent (see the README's settings table and {@code peer-agent run --help}), so that the simulation
 * measures the system as shipped.
 *
 * @param nodes how many agents
 * @param chain a strategy chain such as {@code network,least-loaded,random}, or {@link
 *     #CENTRALIZED} for the prior art where every agent syncs from the data server
 * @param seed everything random (topology, links, heartbeat phases, jitter, strategies) derives
 *     from it, so a run is reproducible
 * @param payloadBytes what one copy of the change weighs on the wire (a delta or a snapshot)
 * @param k sources per answer ({@code peerbook.allocation.k})
 * @param dataServerSlots {@code peerbook.allocation.data-server-slots}
 * @param dataServerStaggerMillis {@code peerbook.allocation.data-server-stagger-ms}
 * @param grantSeconds {@code peerbook.allocation.data-server-grant-seconds}
 * @param retryAfterSeconds {@code peerbook.allocation.retry-after-seconds}
 * @param leaseSeconds {@code peerbook.registry.lease-seconds}; agents heartbeat every third of it
 * @param maxServing the agent's {@code --max-serving}: more concurrent sessions get 503
 * @param maxSyncJitterMillis the agent's {@code --max-sync-jitter-ms}
 * @param maxRounds source requests per sync before the agent waits for its next heartbeat
 * @param sites network sites (at most 16), each a {@code /12}, neighbours in a ring
 * @param hostsPerSubnet agents per {@code /24} subnet
 * @param centralSessions in the centralized baseline, how many sessions the data server serves at
 *     once (the rest queue), sharing its uplink
 * @param timeLimitSeconds simulated time after which a run stops, converged or not
 * @param heldRequests agents keep a heartbeat held by the resource manager (the data server in the
 *     centralized baseline) until a new head, so they hear of it within a round trip, and a source
 *     request nobody can answer yet held until a node reaches a newer version; without, they hear
 *     of a head at their next heartbeat and ask again after the retry hint (the agent before held
 *     requests)
 * @param hopBudget {@code peerbook.allocation.hop-budget}: holders within ⌈log_{k+1} N⌉ hops are
 *     handed out before deeper ones
 * @param slowSource when an agent starts a second copy beside a slow peer's, from the next peer
 *     offered (the agent's {@code --slow-source-kb-per-second}); {@link SlowSource#NEVER}: never
 */
public record SimulationSettings(
    int nodes,
    String chain,
    long seed,
    long payloadBytes,
    int k,
    int dataServerSlots,
    int dataServerStaggerMillis,
    int grantSeconds,
    int retryAfterSeconds,
    int leaseSeconds,
    int maxServing,
    int maxSyncJitterMillis,
    int maxRounds,
    int sites,
    int hostsPerSubnet,
    int centralSessions,
    long timeLimitSeconds,
    boolean heldRequests,
    boolean hopBudget,
    SlowSource slowSource) {

  /** The chain name of the baseline: no resource manager, every agent asks the data server. */
  public static final String CENTRALIZED = "centralized";

  /** {@code peerbook.allocation.data-server-stagger-ms}'s default. */
  public static final int DEFAULT_DATA_SERVER_STAGGER_MILLIS = 2000;

  /** {@code peerbook.registry.sync-starts-per-second}'s default. */
  public static final int SYNC_STARTS_PER_SECOND = 500;

  /** The production chain, {@code peerbook.allocation.chain}'s default. */
  public static final String DEFAULT_CHAIN = "network,least-loaded,random";

  public SimulationSettings {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1");
    }
    if (sites < 1 || sites > 16) {
      throw new IllegalArgumentException("sites must be between 1 and 16 (a /12 each in 10/8)");
    }
    if (hostsPerSubnet < 1 || hostsPerSubnet > 254) {
      throw new IllegalArgumentException("hosts per subnet must be between 1 and 254");
    }
    if ((long) sites * 4096 * hostsPerSubnet < nodes) {
      throw new IllegalArgumentException("too many nodes for " + sites + " sites");
    }
  }

  /** How many syncs a new head may start per second: the registry's default. */
  public int syncStartsPerSecond() {
    return SYNC_STARTS_PER_SECOND;
  }

  /** Production defaults for {@code nodes} agents, one change of 1 MiB. */
  public static SimulationSettings defaults(int nodes, String chain, long seed) {
    return new SimulationSettings(
        nodes,
        chain,
        seed,
        1L << 20,
        3,
        4,
        DEFAULT_DATA_SERVER_STAGGER_MILLIS,
        30,
        5,
        60,
        8,
        2000,
        5,
        16,
        50,
        64,
        86_400,
        true,
        true,
        SlowSource.DEFAULT);
  }

  public SimulationSettings withPayloadBytes(long bytes) {
    return with(
        bytes, dataServerSlots, dataServerStaggerMillis, heldRequests, hopBudget, slowSource);
  }

  public SimulationSettings withDataServerSlots(int slots) {
    return with(payloadBytes, slots, dataServerStaggerMillis, heldRequests, hopBudget, slowSource);
  }

  public SimulationSettings withDataServerStaggerMillis(int stagger) {
    return with(payloadBytes, dataServerSlots, stagger, heldRequests, hopBudget, slowSource);
  }

  public SimulationSettings withHeldRequests(boolean held) {
    return with(
        payloadBytes, dataServerSlots, dataServerStaggerMillis, held, hopBudget, slowSource);
  }

  public SimulationSettings withHopBudget(boolean budget) {
    return with(
        payloadBytes, dataServerSlots, dataServerStaggerMillis, heldRequests, budget, slowSource);
  }

  public SimulationSettings withSlowSource(SlowSource rule) {
    return with(
        payloadBytes, dataServerSlots, dataServerStaggerMillis, heldRequests, hopBudget, rule);
  }

  private SimulationSettings with(
      long newPayloadBytes,
      int newDataServerSlots,
      int newDataServerStaggerMillis,
      boolean newHeldHeartbeats,
      boolean newHopBudget,
      SlowSource newSlowSource) {
    return new SimulationSettings(
        nodes,
        chain,
        seed,
        newPayloadBytes,
        k,
        newDataServerSlots,
        newDataServerStaggerMillis,
        grantSeconds,
        retryAfterSeconds,
        leaseSeconds,
        maxServing,
        maxSyncJitterMillis,
        maxRounds,
        sites,
        hostsPerSubnet,
        centralSessions,
        timeLimitSeconds,
        newHeldHeartbeats,
        newHopBudget,
        newSlowSource);
  }

  public boolean centralized() {
    return CENTRALIZED.equals(chain);
  }

  /** Milliseconds between two heartbeats, as the agent computes it. */
  public long heartbeatMillis() {
    return Math.max(1, leaseSeconds * 1000L / 3);
  }
}
