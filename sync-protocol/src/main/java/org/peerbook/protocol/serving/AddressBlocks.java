package org.peerbook.protocol.serving;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What a limit per client address charges: the address itself for IPv4, but for IPv6 the block of
 * addresses one subscriber holds. One host is routinely given a whole /64 and may use any address
 * in it, so a limit per IPv6 address would give one client 2<sup>64</sup> fresh buckets.
 */
public final class AddressBlocks {
  /** The block one IPv6 subscriber is usually given. */
  public static final int DEFAULT_IPV6_PREFIX_LENGTH = 64;

  private AddressBlocks() {}

  /**
   * @return an IPv4 address (also one written as IPv4-mapped IPv6) as it is, an IPv6 address as its
   *     first {@code prefixLength} bits in the form {@code 2001:db8:0:0:0:0:0:0/64}
   */
  public static String of(InetAddress address, int prefixLength) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] bits = address.getAddress();
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
