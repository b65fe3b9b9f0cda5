package org.peerbook.registry.allocation.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The allocation decision (patent C, D): the settings in force, the bounded data-server slots, and
 * what a requester gets — peers ahead of it, else nothing if it holds the head, else the data
 * server if a slot is free, else a hint to retry. Thread-safe.
 */
public final class SourceAllocator {
  private static final Logger LOG = Logger.getLogger(SourceAllocator.class.getName());

  /** Where the peers come from: the node table picks and counts the hand-outs in one step. */
  @FunctionalInterface
  public interface Peers {
    /**
     * @param k how many sources this requester gets
     * @param fanOut how many sources a requester gets by default: the fan-out of a round of copies
     *     ({@link HopBudget})
     */
    PeerPick handOut(Requester requester, AllocationChain chain, int k, int fanOut);
  }

  /** What the requester should do. */
  public enum Kind {
    /** Sync from {@link Decision#peers()}. */
    PEERS,
    /** Nothing to do: it holds the head. */
    UP_TO_DATE,
    /** No peer can help, and a data-server slot is its own for a while. */
    DATA_SERVER,
    /** No peer can help, and every data-server slot is taken: ask again later. */
    RETRY,
    /** Every peer ahead serves as many as a peer may: ask again when one is done. */
    PEERS_FULL
  }

  public record Decision(Kind kind, List<ResourceNode> peers, String leadingStrategy) {}

  private final Function<String, AllocationChain> chains;
  private final DataServerAdmission admission;
  private final Duration grantTime;
  private final Duration staleWaiter;
  private final Duration stagger;
  private volatile AllocationSettings settings;

  /**
   * @param chains reads a strategy chain such as {@code network,least-loaded,random}; throws {@link
   *     UnknownStrategyException} for a name it does not know
   * @param grants who holds a data-server slot
   * @param grantTime how long a data-server slot is held without a heartbeat
   * @param staleWaiter after how long without asking a node waiting for a slot drops out
   * @param stagger how long the grants in use must have run before a further slot opens ({@link
   *     DataServerAdmission#admit})
   */
  public SourceAllocator(
      AllocationSettings settings,
      Function<String, AllocationChain> chains,
      DataServerGrants grants,
      Duration grantTime,
      Duration staleWaiter,
      Duration stagger) {
    this.settings = settings;
    this.admission = new DataServerAdmission(grants);
    this.chains = chains;
    this.grantTime = grantTime;
    this.staleWaiter = staleWaiter;
    this.stagger = stagger;
  }

  /**
   * @param wanted how many sources the requester wants, {@code null} for the configured k
   * @param headVersion the head the registry knows
   */
  public Decision decide(
      Requester requester, Integer wanted, long headVersion, Instant now, Peers peers) {
    AllocationSettings current = settings;
    int count = current.sourcesFor(wanted);
    String leading = current.chain().leading();
    PeerPick picked =
        current.peerAssisted()
            ? peers.handOut(requester, current.chain(), count, current.k())
            : PeerPick.NONE;
    if (!picked.sources().isEmpty()) {
      return new Decision(Kind.PEERS, picked.sources(), leading);
    }
    if (requester.version() >= headVersion) {
      return new Decision(Kind.UP_TO_DATE, List.of(), leading);
    }
    if (picked.peersFull()) {
      // a copy from a peer is a moment away: the data server would send one more copy
      return new Decision(Kind.PEERS_FULL, List.of(), leading);
    }
    // without peers every node copies from the data server: nobody would pass a first copy on
    Duration staggered = current.peerAssisted() ? stagger : Duration.ZERO;
    boolean admitted =
        admission.admit(
            requester.nodeId(), now, current.dataServerSlots(), grantTime, staleWaiter, staggered);
    return new Decision(admitted ? Kind.DATA_SERVER : Kind.RETRY, List.of(), leading);
  }

  /** See {@link DataServerAdmission#settle}: what a heartbeat means for the node's slot. */
  public void settle(String nodeId, long version, long headVersion, Instant now) {
    admission.settle(nodeId, version, headVersion, now, grantTime);
  }

  /** The node left: its slot, or its place in the queue, goes. */
  public void release(String nodeId) {
    admission.release(nodeId);
  }

  public int dataServerGrants(Instant now) {
    return admission.granted(now);
  }

  public int dataServerWaiting() {
    return admission.waiting();
  }

  /** The allocation settings in force, as an administrator sees them. */
  public record Settings(
      String chain, int k, int maxK, int dataServerSlots, boolean peerAssisted) {}

  /** A change of the allocation settings; {@code null} keeps a setting as it is. */
  public record SettingsChange(
      String chain, Integer k, Integer dataServerSlots, Boolean peerAssisted) {}

  public Settings settings() {
    AllocationSettings current = settings;
    return new Settings(
        current.chain().names(),
        current.k(),
        current.maxK(),
        current.dataServerSlots(),
        current.peerAssisted());
  }

  /** Changes the allocation settings at run time; a bad value changes nothing. */
  public synchronized Settings configure(SettingsChange change) {
    settings =
        settings.with(
            change.chain() == null ? null : chains.apply(change.chain()),
            change.k(),
            change.dataServerSlots(),
            change.peerAssisted());
    Settings now = settings();
    LOG.info(() -> "allocation now " + now);
    return now;
  }
}
