package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * A node record as text, the form the data grid keeps it in: only JDK strings cross the grid, so a
 * member never needs the application's classes to store, compare or send a record, and a record
 * written by one member compares equal, byte for byte, when another replaces it. Fields are
 * separated by {@code |}, which neither a node id nor a URL may hold.
 */
public final class NodeRecords {
  private static final String FORM = "n3";

  /**
   * The same record, as a renewal that moved only its lease wrote it before such renewals were sent
   * apart ({@link GridLeases}): read while a cluster upgrades; members were not sent it.
   */
  private static final String RENEWAL_FORM = "r3";

  /**
   * The records other members must hear of, as a pattern of the grid's {@code like} predicate:
   * every form but {@link #RENEWAL_FORM} starts with {@code n}.
   */
  static final String CHANGES = "n%";

  /**
   * The form before {@link ResourceNode#capacity}: read (capacity unsaid) while a cluster upgrades.
   */
  private static final String FORM_WITHOUT_CAPACITY = "n2";

  /** The form before {@link ResourceNode#hops}: read (at one hop) while a cluster upgrades. */
  private static final String FORM_WITHOUT_HOPS = "n1";

  private NodeRecords() {}

  public static String write(ResourceNode node) {
    return write(FORM, node);
  }

  private static String write(String form, ResourceNode node) {
    return String.join(
        "|",
        form,
        node.nodeId(),
        node.syncAddress().toString(),
        node.networkAddress().getHostAddress(),
        Long.toString(node.version()),
        Integer.toString(node.load()),
        Integer.toString(node.handedOut()),
        node.leaseExpiry().toString(),
        Boolean.toString(node.origin()),
        node.registeredAt().toString(),
        Long.toString(node.shuffle()),
        Integer.toString(node.hops()),
        Integer.toString(node.capacity()));
  }

  /**
   * @throws IllegalArgumentException if {@code text} is not a record this class wrote
   */
  public static ResourceNode read(String text) {
    String[] f = text.split("\\|", -1);
    boolean withCapacity = f.length == 13 && (FORM.equals(f[0]) || RENEWAL_FORM.equals(f[0]));
    boolean withHops = withCapacity || (f.length == 12 && FORM_WITHOUT_CAPACITY.equals(f[0]));
    if (!withHops && !(f.length == 11 && FORM_WITHOUT_HOPS.equals(f[0]))) {
      throw new IllegalArgumentException("not a node record: " + text);
    }
    try {
      return new ResourceNode(
          f[1],
          URI.create(f[2]),
          InetAddress.getByName(f[3]),
          Long.parseLong(f[4]),
          Integer.parseInt(f[5]),
          Integer.parseInt(f[6]),
          Instant.parse(f[7]),
          Boolean.parseBoolean(f[8]),
          Instant.parse(f[9]),
          Long.parseLong(f[10]),
          withHops ? Integer.parseInt(f[11]) : ResourceNode.FROM_DATA_SERVER,
          withCapacity ? Integer.parseInt(f[12]) : ResourceNode.UNSAID);
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("not a node record: " + text, e);
    }
  }
}
