package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.freshness.VersionSpread;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * Registrations and heartbeats: a node's fields checked, the version it claims counted only as far
 * as a signed head proves it ({@link HeadProofs}), its record claimed or renewed in the {@link
 * NodeTable}, and the lease it is answered with. Thread-safe, as the parts it uses are.
 */
final class NodeLeases {
  private final RegistrySettings config;
  private final Clock clock;
  private final RandomGenerator random;
  private final NodeTable table;
  private final SourceAllocator allocator;
  private final Revocations revocations;
  private final VersionSpread spread;
  private final RegistryStatistics statistics;
  private final LongSupplier headVersion;
  private volatile HeadProofs proofs;

  /**
   * @param headVersion the newest head the data server announced
   */
  NodeLeases(
      RegistrySettings config,
      Clock clock,
      RandomGenerator random,
      NodeTable table,
      SourceAllocator allocator,
      Revocations revocations,
      VersionSpread spread,
      RegistryStatistics statistics,
      LongSupplier headVersion) {
    this.config = config;
    this.clock = clock;
    this.random = random;
    this.table = table;
    this.allocator = allocator;
    this.revocations = revocations;
    this.spread = spread;
    this.statistics = statistics;
    this.headVersion = headVersion;
  }

  /** See {@link Registry#trustBookKey}. */
  void trustBookKey(PublicKey bookKey) {
    proofs = new HeadProofs(bookKey, config.headProofCache());
  }

  /** See {@link Registry#register}. */
  Lease register(Registration registration) {
    String nodeId = NodeAddresses.nodeId(registration.nodeId());
    if (nodeId.equals(config.dataServerId())) {
      throw new InvalidNodeException("nodeId", "is the data server's own id");
    }
    URI syncAddress = NodeAddresses.syncAddress(registration.syncAddress());
    InetAddress networkAddress = NodeAddresses.networkAddress(registration.networkAddress());
    long claimed = NodeAddresses.version(registration.version());
    boolean proven = proves(claimed, registration.head());
    Instant now = clock.instant();
    if (revocations.coversTokensIssuedAt(nodeId, now)) {
      throw NodeClaimException.justRevoked(nodeId);
    }
    long known = headVersion.getAsLong();
    ResourceNode registered =
        table.register(
            new NodeClaim(
                nodeId,
                syncAddress,
                networkAddress,
                registration.provenNodeId(),
                last -> HeadProofs.counted(claimed, proven, last, known),
                now,
                now.plusSeconds(config.leaseSeconds())),
            random);
    settleGrant(nodeId, registered.version(), now);
    statistics.registrations.increment();
    return lease(now, registered);
  }

  /** See {@link Registry#heartbeat(String, long, SignedHead, int, int)}. */
  Lease heartbeat(String nodeId, long version, SignedHead head, int load, int maxServing) {
    NodeAddresses.version(version);
    if (load < 0) {
      throw new InvalidNodeException("load", "must not be negative");
    }
    if (maxServing < 0) {
      throw new InvalidNodeException("maxServing", "must not be negative");
    }
    boolean proven = proves(version, head);
    Instant now = clock.instant();
    Instant expiry = now.plusSeconds(config.leaseSeconds());
    long known = headVersion.getAsLong();
    ResourceNode renewed =
        table.renew(
            nodeId,
            now,
            node ->
                node.heartbeat(
                    HeadProofs.counted(version, proven, node.version(), known),
                    load,
                    maxServing,
                    expiry),
            random);
    if (renewed == null) {
      throw new UnknownNodeException(nodeId);
    }
    settleGrant(nodeId, renewed.version(), now);
    statistics.heartbeats.increment();
    return lease(now, renewed);
  }

  /** See {@link Registry#syncSpreadMillis}. */
  int syncSpreadMillis() {
    long millis =
        (1000L * spread.nodes() + config.syncStartsPerSecond() - 1) / config.syncStartsPerSecond();
    return (int) Math.min(LeaseAnswer.MAX_SYNC_SPREAD_MILLIS, millis);
  }

  /** How many claimed heads were really verified (the rest came from the proof cache). */
  long headVerifications() {
    HeadProofs current = proofs;
    return current == null ? 0 : current.verifications();
  }

  private boolean proves(long claimed, SignedHead head) {
    HeadProofs current = proofs;
    try {
      return current != null && current.proves(claimed, head);
    } catch (InvalidNodeException e) {
      statistics.refusedProofs.increment();
      throw e;
    }
  }

  private Lease lease(Instant now, ResourceNode node) {
    return new Lease(
        config.leaseSeconds(),
        headVersion.getAsLong(),
        revocations.current(now),
        node.version(),
        syncSpreadMillis());
  }

  /** A node at the head gives its data-server slot back; one still behind keeps it a while. */
  private void settleGrant(String nodeId, long version, Instant now) {
    allocator.settle(nodeId, version, headVersion.getAsLong(), now);
  }
}
