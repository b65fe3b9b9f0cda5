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
 * @param handedOut how often it was handed out as a source since its last heartbeat
 * @param origin whether it is a data server (the origin of every version)
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
    Instant registeredAt) {

  public boolean isLive(Instant now) {
    return origin || leaseExpiry.isAfter(now);
  }

  /** The load the least-loaded strategy counts: reported load plus hand-outs since. */
  public int expectedLoad() {
    return load + handedOut;
  }

  public ResourceNode heartbeat(long newVersion, int newLoad, Instant newExpiry) {
    return new ResourceNode(
        nodeId,
        syncAddress,
        networkAddress,
        newVersion,
        newLoad,
        0,
        newExpiry,
        origin,
        registeredAt);
  }

  public ResourceNode handedOutOnce() {
    return new ResourceNode(
        nodeId,
        syncAddress,
        networkAddress,
        version,
        load,
        handedOut + 1,
        leaseExpiry,
        origin,
        registeredAt);
  }

  public ResourceNode atVersion(long newVersion) {
    return new ResourceNode(
        nodeId,
        syncAddress,
        networkAddress,
        newVersion,
        load,
        handedOut,
        leaseExpiry,
        origin,
        registeredAt);
  }
}
