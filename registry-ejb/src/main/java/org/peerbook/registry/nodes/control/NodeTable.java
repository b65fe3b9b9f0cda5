package org.peerbook.registry.nodes.control;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.DataServerGrants;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.PeerPick;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The node table and its claims, as the {@link Registry} uses it: who holds which node id and which
 * sync endpoint, and the sources picked from it. A port: {@link LocalNodeTable} keeps it in one JVM
 * (one server, tests, the simulation), {@link GridNodeTable} on the data grid that a cluster's
 * members share.
 */
public interface NodeTable {

  /**
   * Hears of every node's version as the table changes (the data server left out): {@code from} is
   * {@code -1} for a node added, {@code to} is {@code -1} for a node removed. Called under the
   * table's lock: it must be quick and must not call the table.
   */
  @FunctionalInterface
  interface VersionWatcher {
    VersionWatcher NONE = (from, to) -> {};

    void moved(long from, long to);
  }

  /** From now on, tells {@code watcher} of every node's version as it changes. */
  void watchVersions(VersionWatcher watcher);

  /** Who holds a data-server slot, kept where the nodes are: one slot count for a whole cluster. */
  DataServerGrants dataServerGrants();

  /** Puts this member's data server in, which never leaves. */
  void addOrigin(ResourceNode origin);

  /**
   * Adds a node, or refreshes it if it registered before ({@link NodeClaim#grant}).
   *
   * @param random draws a new node's place in the random order (a known node keeps its own)
   * @throws NodeClaimException if a live node holds the id (and the request does not prove to be
   *     that node) or the sync endpoint
   */
  ResourceNode register(NodeClaim claim, RandomGenerator random);

  /**
   * Renews a live node's lease. A lapsed lease is not revived: the node must register again. A node
   * now counted at a newer version goes to a random place at the back of the random order:
   * otherwise the newest holders, never handed out, would come first and copies would travel along
   * long chains.
   *
   * @return the renewed node, {@code null} if no live node (other than the data server) has the id
   */
  ResourceNode renew(
      String nodeId, Instant now, UnaryOperator<ResourceNode> renewal, RandomGenerator random);

  /** Replaces the data server's record; returns the new one. */
  ResourceNode updateOrigin(String nodeId, UnaryOperator<ResourceNode> change);

  /**
   * Picks up to {@code k} sources for {@code requester} in {@code chain}'s order, those within the
   * {@code hops} budget for the nodes in the table first (live peers ahead of it, neither itself
   * nor {@code demoted}, nor already counted at {@code sessionsPerPeer} sessions), counts the first
   * as handed out once more (the requester copies from it; the others are its reserves) and moves
   * each to a random place behind every node not handed out since: one atomic step, so concurrent
   * requests see each other's hand-outs.
   *
   * @return the picked nodes as counted after the hand-out, best first
   */
  PeerPick handOut(
      Requester requester,
      AllocationChain chain,
      int k,
      HopBudget hops,
      int sessionsPerPeer,
      Instant now,
      Predicate<String> demoted,
      RandomGenerator random);

  /** Removes a node and its endpoint claim; {@code null} if it was not there. */
  ResourceNode remove(String nodeId);

  /** Removes every node whose lease lapsed, telling {@code lapsed} of each. */
  void sweep(Instant now, Consumer<ResourceNode> lapsed);

  /** The node's record, lapsed or not; {@code null} if there is none. */
  ResourceNode get(String nodeId);

  /** Every node holding a lease, the data server first. */
  List<ResourceNode> live(Instant now);

  /**
   * Why this table cannot answer for the nodes now (a cluster member cut off from the others:
   * {@link org.peerbook.registry.cluster.GridMajority}), or {@code null} if it can. One JVM's table
   * always can.
   */
  default String unavailable() {
    return null;
  }

  /**
   * Lets go of what the table holds outside this JVM (the grid's listeners); nothing by default.
   */
  default void close() {}
}
