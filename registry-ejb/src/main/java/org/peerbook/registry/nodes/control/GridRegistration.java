package org.peerbook.registry.nodes.control;

import com.hazelcast.map.IMap;
import java.util.Optional;
import java.util.function.Function;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * One registration on the grid's node table ({@link GridNodeTable}). A node new to the grid at an
 * endpoint nobody claims takes both without a lock ({@link #claimNew}); any other registration runs
 * while the caller holds its endpoint's lock ({@link #claim()}). There the node's record is
 * replaced only if it is still what {@link NodeClaim#grant the claim rule} was applied to (a
 * compare-and-set instead of a lock on the node: two round trips fewer); a record that changed in
 * between (a heartbeat, or the node registering through another member) has the rule applied again.
 *
 * <p>Every endpoint claim is a compare-and-set, under the lock too: a claim {@link #claimNew} makes
 * between a locked registration's read of the claimant and its write is never overwritten, and the
 * locked registration reads again and finds the endpoint taken.
 */
final class GridRegistration {
  /**
   * Registrations of one node that find its record changed under them this many times in a row (it
   * heartbeats and registers through other members all the while) are refused as busy: the node
   * tries again later, as after any refusal.
   */
  static final int CONFLICTING_REGISTRATIONS = 8;

  private final IMap<String, String> nodes;
  private final IMap<String, String> endpoints;
  private final GridLeases leases;
  private final Function<String, ResourceNode> ownRecords;
  private final NodeClaim claim;
  private final String endpoint;
  private final String nodeId;
  private boolean claimedHere;
  private String left;
  private String written;

  /**
   * @param leases the leases renewed apart from the records: a record whose own lease ended may
   *     still hold, and with it the id and the endpoint
   * @param ownRecords this member's records that are not on the grid (its data server's), by id
   */
  GridRegistration(
      IMap<String, String> nodes,
      IMap<String, String> endpoints,
      GridLeases leases,
      Function<String, ResourceNode> ownRecords,
      NodeClaim claim) {
    this.nodes = nodes;
    this.endpoints = endpoints;
    this.leases = leases;
    this.ownRecords = ownRecords;
    this.claim = claim;
    this.endpoint = claim.endpoint();
    this.nodeId = claim.nodeId();
  }

  /** The endpoint whose lock the caller holds around {@link #claim()}. */
  String endpoint() {
    return endpoint;
  }

  /**
   * Registers a node the grid holds no record of at an endpoint nobody claims, without a lock: its
   * record, then its claim, each put only if absent (two round trips instead of five; a fleet
   * enrolling is mostly such registrations). The record goes first so that a claim never exists
   * without the record that makes it live: a locked registration reading the claim finds its holder
   * and is refused, never takes the claim as one left behind by a move. Anything already there,
   * even the node's own, and it takes back what it wrote and leaves the registration to {@link
   * #claim()}.
   *
   * @return the record written, or {@code null} if this is not such a registration
   */
  ResourceNode claimNew() {
    // a new node: no holder of the id, none of the endpoint; the grid keeps no order
    ResourceNode registered = claim.grant(null, null, 0);
    String text = NodeRecords.write(registered);
    if (nodes.putIfAbsent(nodeId, text) != null) {
      return null;
    }
    if (endpoints.putIfAbsent(endpoint, nodeId) != null) {
      nodes.remove(nodeId, text);
      return null;
    }
    written = text;
    return registered;
  }

  /**
   * The record written; a refusal takes back the endpoint claim this registration made.
   *
   * @throws NodeClaimException if the claim rule refuses, or the record kept changing
   */
  ResourceNode claim() {
    try {
      for (int attempt = 0; attempt < CONFLICTING_REGISTRATIONS; attempt++) {
        ResourceNode registered = attempt();
        if (registered != null) {
          return registered;
        }
      }
      throw NodeClaimException.busy(nodeId);
    } catch (RuntimeException refused) {
      if (claimedHere) {
        endpoints.remove(endpoint, nodeId);
      }
      throw refused;
    }
  }

  /** The record's text as this registration wrote it to the grid. */
  String written() {
    return written;
  }

  /**
   * The endpoint the node's record moved away from: its claim is to be released, once the caller
   * let go of this registration's lock.
   */
  Optional<String> left() {
    return Optional.ofNullable(left);
  }

  /**
   * @return the record written, or {@code null} if the record changed since it was read
   */
  private ResourceNode attempt() {
    // both reads at once: one round trip
    var recordRead = nodes.getAsync(nodeId).toCompletableFuture();
    String claimant = endpoints.get(endpoint);
    String current = recordRead.join();
    ResourceNode holder = current == null ? null : holding(current);
    ResourceNode registered =
        claim.grant(
            holder,
            nodeId.equals(claimant) ? holder : holderOf(claimant),
            // the grid keeps no order: each member's replica places the node itself
            0);
    // the claim before the record: a registration of this node through another member that moves
    // it elsewhere reads the new record only once the claim is there for it to release
    if (!nodeId.equals(claimant)) {
      if (!swap(endpoints, endpoint, claimant, nodeId)) {
        // a new node took the endpoint without the lock since it was read: read again
        return null;
      }
      claimedHere = true;
    }
    String text = NodeRecords.write(registered);
    if (!swap(nodes, nodeId, current, text)) {
      return null;
    }
    written = text;
    if (holder != null && !NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)) {
      left = NodeAddresses.endpoint(holder.syncAddress());
    }
    return registered;
  }

  /**
   * A record on the grid as the claim rule is to see its node: with the lease renewed apart from it
   * ({@link GridLeases}), and live {@link GridLeases#SEND_GRACE} longer. A renewal taken by another
   * member reaches the grid with that member's next sweep; until then a lease that seems to have
   * just ended may not have, and an unproven claim must not take the id or the endpoint of a node
   * that renewed in its lease's last second. The grace decides who holds; the record granted keeps
   * the claim's own lease.
   */
  private ResourceNode holding(String text) {
    ResourceNode holder = leases.current(NodeRecords.read(text), claim.now());
    return holder.withLeaseExpiry(holder.leaseExpiry().plus(GridLeases.SEND_GRACE));
  }

  /**
   * Sets {@code key} to {@code value} if it still holds {@code expected} ({@code null}: absent).
   *
   * @return whether it did
   */
  private static boolean swap(IMap<String, String> map, String key, String expected, String value) {
    return expected == null
        ? map.putIfAbsent(key, value) == null
        : map.replace(key, expected, value);
  }

  /**
   * The record of the node that claims the endpoint: from the grid, or for a data server (whose
   * record stays with its member) this member's own, which lives for ever as theirs do. A claimant
   * whose record says it is elsewhere holds nothing: its claim was left behind by a move.
   */
  private ResourceNode holderOf(String claimant) {
    if (claimant == null) {
      return null;
    }
    String text = nodes.get(claimant);
    ResourceNode holder = text != null ? holding(text) : ownRecords.apply(claimant);
    return holder != null && NodeAddresses.endpoint(holder.syncAddress()).equals(endpoint)
        ? holder
        : null;
  }
}
