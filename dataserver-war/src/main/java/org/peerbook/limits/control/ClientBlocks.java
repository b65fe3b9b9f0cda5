package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a limit per client address charges: the address itself for IPv4, but for IPv6 the block of
 * addresses one subscriber holds (a /64 by default). One host is routinely given a whole /64 and
 * may use any address in it, so a limit per IPv6 address would give one client 2<sup>64</sup> fresh
 * buckets: each new address a full burst of guesses or new nodes.
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
    InetAddress parsed = literal.get();
    if (parsed instanceof Inet4Address) {
      return parsed.getHostAddress();
    }
    byte[] bits = parsed.getAddress();
    int wholeBytes = prefixLength / 8;
    if (wholeBytes < bits.length) {
      bits[wholeBytes] &= (byte) (0xff << (8 - prefixLength % 8));
      Arrays.fill(bits, wholeBytes + 1, bits.length, (byte) 0);
    }
    try {
      return InetAddress.getByAddress(bits).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
