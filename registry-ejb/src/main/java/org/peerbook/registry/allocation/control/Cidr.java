package org.peerbook.registry.allocation.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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
    return Arrays.equals(networkBits(a, prefix), networkBits(b, prefix));
  }

  /** The address's bytes with every bit past the first {@code prefix} cleared. */
  public static byte[] networkBits(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int kept = Math.max(0, Math.min(8, prefix - 8 * i));
      bytes[i] = (byte) (bytes[i] & 0xff << (8 - kept));
    }
    return bytes;
  }
}
