package org.peerbook.registry.allocation.control;

import java.net.InetAddress;
import org.peerbook.protocol.serving.AddressBlocks;

/**
 * A node that reports a source, and the network it reports from: reports add up to a demotion or an
 * eviction only from distinct networks, not merely distinct node ids. Where anyone holding the
 * enrollment secret may enroll as many ids as they like, one machine could otherwise enroll a
 * quorum of reporters and take an honest source from everyone, or enroll {@code report-threshold}
 * of them and have it evicted.
 *
 * @param nodeId the reporting node: what a source is withheld from after its own report
 * @param network what its word counts as: its registered address for IPv4, the /64 it is in for
 *     IPv6 (one host is routinely given a whole /64), or its own id on the server's machine
 */
public record Reporter(String nodeId, String network) {
  /**
   * @param address the address the node registered at: the client address its registration came
   *     from, or what a trusted reporter (a NAT gateway) said it is behind it. Nodes on the
   *     server's own machine (loopback) count one each: a machine that runs the server is the
   *     operator's.
   */
  public static Reporter at(String nodeId, InetAddress address) {
    return address.isLoopbackAddress()
        ? alone(nodeId)
        : new Reporter(nodeId, AddressBlocks.of(address, AddressBlocks.DEFAULT_IPV6_PREFIX_LENGTH));
  }

  /** A reporter whose word counts on its own, as if it were the only node of its network. */
  public static Reporter alone(String nodeId) {
    return new Reporter(nodeId, "node " + nodeId);
  }
}
