package org.peerbook.registry.allocation.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network, {@code 10.1.0.0/16} or {@code 2001:db8::/32}. */
public record Cidr(InetAddress network, int prefix) {

  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR block (address/prefix): " + text);
    }
    String address = text.substring(0, slash).trim();
    if (!address.contains(":") && !address.matches("[0-9.]+")) {
      throw new IllegalArgumentException("not an IP literal: " + address);
    }
    try {
      InetAddress network = InetAddress.getByName(address);
      int prefix = Integer.parseInt(text.substring(slash + 1).trim());
      if (prefix < 0 || prefix > network.getAddress().length * 8) {
        throw new IllegalArgumentException("prefix out of range in " + text);
      }
      return new Cidr(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR block: " + text, e);
    }
  }

  public boolean contains(InetAddress address) {
    return samePrefix(network, address, prefix);
  }

  /** Whether both addresses are of one family and agree on their first {@code prefix} bits. */
  public static boolean samePrefix(InetAddress a, InetAddress b, int prefix) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    if (x.length != y.length) {
      return false;
    }
    int bits = Math.min(prefix, x.length * 8);
    int whole = bits / 8;
    for (int i = 0; i < whole; i++) {
      if (x[i] != y[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (x[whole] & mask) == (y[whole] & mask);
  }
}
