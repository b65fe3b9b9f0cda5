package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.limits.control.AddressRange;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.registry.nodes.control.InvalidNodeException;
import org.peerbook.registry.nodes.control.NodeAddresses;

/**
 * Where the registry places a registering node on the network, which steers the {@code network}
 * strategy: whom the node is handed as a source and who is handed to it. The {@code networkAddress}
 * a node sends is a claim: a node claiming a subnet it is not on would become that subnet's nearest
 * source, steering its nodes' syncs to itself and learning who they are. So a node is placed at the
 * address its requests come from (behind a trusted proxy, the client the proxy forwards), and its
 * claim is believed only from the clients listed in {@code
 * peerbook.allocation.network.trusted-reporters}: a VPN concentrator or a NAT gateway, behind which
 * every node seems to come from one address while each knows its own.
 *
 * <p>The {@code syncAddress} is a claim of the same kind, and a worse one: every node it is handed
 * to connects there. A node naming another host would turn the nodes that trust the registry into
 * its clients of that host (a flood of connections, or requests into an internal service). So a
 * sync address must point at the address the registration comes from: its host, an IP address or a
 * name every address of which is that one (a loopback client may name any loopback address: one
 * machine); only a trusted reporter's nodes may name other hosts.
 */
@ApplicationScoped
public class NodePlacement {
  static final String TRUSTED_REPORTERS = "peerbook.allocation.network.trusted-reporters";

  @Inject
  @ConfigProperty(name = TRUSTED_REPORTERS)
  Optional<String> trustedReporters = Optional.empty();

  @Inject HostLookups lookups;

  private List<AddressRange> reporters = List.of();

  /** For the container, which injects the setting. */
  public NodePlacement() {}

  /**
   * @param trustedReporters addresses and ranges whose nodes' claims are believed; blank: none
   */
  NodePlacement(String trustedReporters, HostLookups lookups) {
    this.trustedReporters = Optional.of(trustedReporters);
    this.lookups = lookups;
    parse();
  }

  @PostConstruct
  void parse() {
    reporters = AddressRange.listed(TRUSTED_REPORTERS, trustedReporters.orElse(""));
  }

  /**
   * The network address to register a node at.
   *
   * @param client the address the request came from, as {@link ClientAddresses} resolves it
   * @param reported the node's claim, refused (400) when it is no IP address even where it would
   *     not be believed: a client sending garbage is told so
   */
  public String of(String client, String reported) {
    NodeAddresses.networkAddress(reported);
    InetAddress from = address(client);
    // literal leaves a link-local zone out: it names an interface of this host, not the node's
    return AddressRange.anyContains(reporters, from) ? reported : from.getHostAddress();
  }

  /**
   * Refuses (400) a sync address that does not point at the registering node.
   *
   * @param client the address the request came from, as {@link ClientAddresses} resolves it
   * @throws org.peerbook.protocol.serving.RefusedException 503 when its host name could not be
   *     looked up in time ({@link HostLookups})
   */
  public void checkSyncAddress(String client, URI syncAddress) {
    InetAddress from = address(client);
    if (AddressRange.anyContains(reporters, from)) {
      return;
    }
    String host = syncAddress.getHost();
    List<InetAddress> addresses = ClientAddresses.literal(host).map(List::of).orElse(null);
    if (addresses == null) {
      try {
        addresses = lookups.addressesOf(host);
      } catch (UnknownHostException unknown) {
        throw new InvalidNodeException(
            "syncAddress", "names a host that does not resolve: " + host);
      }
    }
    if (addresses.isEmpty() || !addresses.stream().allMatch(address -> sameHost(address, from))) {
      throw new InvalidNodeException(
          "syncAddress",
          "must point at the address this registration comes from ("
              + from.getHostAddress()
              + "), not at "
              + addresses.stream().map(InetAddress::getHostAddress).toList()
              + ": others connect there; a node behind a NAT or VPN gateway registers through one"
              + " listed in "
              + TRUSTED_REPORTERS);
    }
  }

  private static boolean sameHost(InetAddress address, InetAddress client) {
    return address.equals(client) || address.isLoopbackAddress() && client.isLoopbackAddress();
  }

  private static InetAddress address(String client) {
    return ClientAddresses.literal(client)
        .orElseThrow(() -> new IllegalStateException("the client's address is no IP: " + client));
  }
}
