package org.peerbook.registry.nodes.entity;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;

/**
 * A node that can answer sync requests, as the resource manager last heard of it. Immutable: the
 * manager replaces it atomically on every register, heartbeat or hand-out.
 *
 * @param syncAddress absolute http(s) URL of its sync API
 * @param networkAddress the address it reported, for the proximity strategy
 * @param version the book version it last reported
 * @param load how many nodes it reported serving at its last heartbeat
 * @param handedOut its hand-outs as a requester's first source that may still be running: to
 *     requesters that have neither asked again, reached a newer version nor left since, and no more
 *     than it reported serving at its last heartbeat
 * @param origin whether it is a data server (the origin of every version)
 * @param shuffle its random key: the {@code random} strategy orders by it, and the registry draws
 *     it anew each time it hands the node out, so hand-outs spread like a shuffled round-robin and
 *     the order can be kept in an index (a key drawn per request could not)
 * @param hops how many copies its version travelled from a data server, as the registry handed out
 *     sources: 1 straight from a data server (or by no source this registry handed it), one more
 *     than the source it was handed; 0 for a data server. The registry's own count, never a node's
 *     claim: least-loaded prefers the fewest hops among equally loaded nodes, so that chains stay
 *     about log N long instead of running through the newest holders
 * @param capacity the most peers the node said it serves at once ({@code maxServing} in its
 *     heartbeat), {@link #UNSAID} if it did not: it is counted full at the smaller of this and the
 *     registry's own bound, so a node can lower what it is handed, never raise it
 */
public record ResourceNode(
    String nodeId,
    URI syncAddress,
    InetAddress networkAddress,
    long version,
    int load,
    int handedOut,
    Instant leaseExpiry,
    boolean origin,
    Instant registeredAt,
    long shuffle,
    int hops,
    int capacity) {

  /** Hops of a node whose version came straight from a data server, or by no known source. */
  public static final int FROM_DATA_SERVER = 1;

  /** A node that did not say how many peers it serves at once: the registry's bound applies. */
  public static final int UNSAID = 0;

  /** A node that did not say how many peers it serves at once. */
  public ResourceNode(
      String nodeId,
      URI syncAddress,
      InetAddress networkAddress,
      long version,
      int load,
      int handedOut,
      Instant leaseExpiry,
      boolean origin,
      Instant registeredAt,
      long shuffle,
      int hops) {
    this(
        nodeId,
        syncAddress,
        networkAddress,
        version,
        load,
        handedOut,
        leaseExpiry,
        origin,
        registeredAt,
        shuffle,
        hops,
        UNSAID);
  }

  /** A node at {@link #FROM_DATA_SERVER} hops, or 0 for a data server. */
  public ResourceNode(
      String nodeId,
      URI syncAddress,
      InetAddress networkAddress,
      long version,
      int load,
      int handedOut,
      Instant leaseExpiry,
      boolean origin,
      Instant registeredAt,
      long shuffle) {
    this(
        nodeId,
        syncAddress,
        networkAddress,
        version,
        load,
        handedOut,
        leaseExpiry,
        origin,
        registeredAt,
        shuffle,
        origin ? 0 : FROM_DATA_SERVER);
  }

  public boolean isLive(Instant now) {
    return origin || leaseExpiry.isAfter(now);
  }

  /**
   * Whether the node is handed to nobody more: counted at as many sessions as it serves at once, by
   * its own word ({@link #capacity}) or by {@code sessionsPerPeer}, whichever is smaller.
   */
  public boolean isFull(int sessionsPerPeer) {
    int bound = capacity == UNSAID ? sessionsPerPeer : Math.min(capacity, sessionsPerPeer);
    return expectedLoad() >= bound;
  }

  /**
   * The sessions the least-loaded strategy and the per-peer bound count: the registry's own count
   * of running hand-outs. A reported load is stale within a second (copies take about that long,
   * heartbeats come every third of a lease): counted, it kept a node that had been busy at its
   * heartbeat out of use for a whole heartbeat period.
   */
  public int expectedLoad() {
    return handedOut;
  }

  /**
   * Renewed with what the node reports. It serves {@code newLoad} sessions now, so hand-outs
   * counted beyond that never became sessions or are over (a requester that went quiet): they go.
   */
  public ResourceNode heartbeat(long newVersion, int newLoad, Instant newExpiry) {
    return heartbeat(newVersion, newLoad, UNSAID, newExpiry);
  }

  /**
   * As {@link #heartbeat(long, int, Instant)}, serving at most {@code newCapacity} peers at once by
   * its word ({@link #UNSAID}: as it said before).
   */
  public ResourceNode heartbeat(long newVersion, int newLoad, int newCapacity, Instant newExpiry) {
    // a newer version from where the node table may not know: as from a data server until the
    // table names the source it handed out
    return changed(
        newVersion,
        newLoad,
        Math.min(handedOut, Math.max(0, newLoad)),
        newExpiry,
        shuffle,
        newVersion > version ? FROM_DATA_SERVER : hops,
        newCapacity == UNSAID ? capacity : newCapacity);
  }

  /** At {@code newHops} from a data server. */
  public ResourceNode withHops(int newHops) {
    return changed(version, load, handedOut, leaseExpiry, shuffle, newHops, capacity);
  }

  /** Counted as handed out once more, at a new place in the random order. */
  public ResourceNode handedOutOnce(long newShuffle) {
    return changed(version, load, handedOut + 1, leaseExpiry, newShuffle);
  }

  /**
   * With the running hand-outs another copy of the record counted (a cluster member's replica
   * counts its own), no more than this record's reported load.
   */
  public ResourceNode withHandOutsOf(ResourceNode counted) {
    return changed(
        version, load, Math.min(counted.handedOut, Math.max(0, load)), leaseExpiry, shuffle);
  }

  /** One hand-out fewer: a requester it was handed to is done with it. */
  public ResourceNode handOutOver() {
    return changed(version, load, Math.max(0, handedOut - 1), leaseExpiry, shuffle);
  }

  /** At a new place in the random order. */
  public ResourceNode reshuffled(long newShuffle) {
    return changed(version, load, handedOut, leaseExpiry, newShuffle);
  }

  /** The same record, its lease ending at {@code newExpiry}. */
  public ResourceNode withLeaseExpiry(Instant newExpiry) {
    return changed(version, load, handedOut, newExpiry, shuffle);
  }

  public ResourceNode atVersion(long newVersion) {
    return changed(newVersion, load, handedOut, leaseExpiry, shuffle);
  }

  private ResourceNode changed(
      long newVersion, int newLoad, int newHandedOut, Instant newExpiry, long newShuffle) {
    return changed(newVersion, newLoad, newHandedOut, newExpiry, newShuffle, hops, capacity);
  }

  private ResourceNode changed(
      long newVersion,
      int newLoad,
      int newHandedOut,
      Instant newExpiry,
      long newShuffle,
      int newHops,
      int newCapacity) {
    return new ResourceNode(
        nodeId,
        syncAddress,
        networkAddress,
        newVersion,
        newLoad,
        newHandedOut,
        newExpiry,
        origin,
        registeredAt,
        newShuffle,
        newHops,
        newCapacity);
  }
}
