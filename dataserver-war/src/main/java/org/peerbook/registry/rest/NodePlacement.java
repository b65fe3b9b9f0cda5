package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.limits.control.AddressRange;
import org.peerbook.limits.control.ClientAddresses;
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
 */
@ApplicationScoped
public class NodePlacement {
  static final String TRUSTED_REPORTERS = "peerbook.allocation.network.trusted-reporters";

  @Inject
  @ConfigProperty(name = TRUSTED_REPORTERS)
  Optional<String> trustedReporters = Optional.empty();

  private List<AddressRange> reporters = List.of();

  /** For the container, which injects the setting. */
  public NodePlacement() {}

  /**
   * @param trustedReporters addresses and ranges whose nodes' claims are believed; blank: none
   */
  NodePlacement(String trustedReporters) {
    this.trustedReporters = Optional.of(trustedReporters);
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
    InetAddress from =
        ClientAddresses.literal(client)
            .orElseThrow(
                () -> new IllegalStateException("the client's address is no IP: " + client));
    // literal leaves a link-local zone out: it names an interface of this host, not the node's
    return AddressRange.anyContains(reporters, from) ? reported : from.getHostAddress();
  }
}
