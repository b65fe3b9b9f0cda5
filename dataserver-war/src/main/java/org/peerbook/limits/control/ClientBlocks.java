package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.serving.AddressBlocks;

/**
 * What a limit per client address charges ({@link AddressBlocks}: the address for IPv4, its block
 * for IPv6, a /64 by default), for addresses as the container gives them.
 */
@ApplicationScoped
public class ClientBlocks {
  @Inject
  @ConfigProperty(name = "peerbook.limits.ipv6-prefix-length", defaultValue = "64")
  int ipv6PrefixLength;

  /** For the container, which sets the prefix length from the configuration. */
  public ClientBlocks() {}

  /** Blocks of IPv6 addresses sharing their first {@code ipv6PrefixLength} bits. */
  public ClientBlocks(int ipv6PrefixLength) {
    this.ipv6PrefixLength = ipv6PrefixLength;
    check();
  }

  @PostConstruct
  void check() {
    if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
      throw new IllegalStateException(
          "peerbook.limits.ipv6-prefix-length must be between 1 and 128, not " + ipv6PrefixLength);
    }
  }

  /** The block {@code address} (as the container gives the client's address) is charged as. */
  public String of(String address) {
    return of(address, ipv6PrefixLength);
  }

  /** The block of an address already read from its literal. */
  public String of(InetAddress address) {
    return AddressBlocks.of(address, ipv6PrefixLength);
  }

  /**
   * @param address an IPv4 or IPv6 address literal; anything else is its own block
   * @return an IPv4 address (also one written as IPv4-mapped IPv6) as it is, an IPv6 address as its
   *     first {@code prefixLength} bits in the form {@code 2001:db8:0:0:0:0:0:0/64}
   */
  static String of(String address, int prefixLength) {
    if (address == null) {
      return null;
    }
    Optional<InetAddress> literal = ClientAddresses.literal(address);
    if (literal.isEmpty()) {
      return address;
    }
    return AddressBlocks.of(literal.get(), prefixLength);
  }
}
