package org.peerbook.limits.control;

import java.net.InetAddress;
import java.util.Optional;

/** A block of IP addresses: an address and how many of its leading bits the block shares. */
final class AddressRange {
  private final byte[] prefix;
  private final int bits;

  private AddressRange(byte[] prefix, int bits) {
    this.prefix = prefix;
    this.bits = bits;
  }

  /**
   * @param text an address ({@code 10.0.0.7}, {@code ::1}: that address alone) or a range ({@code
   *     10.0.0.0/8}, {@code fd00::/8})
   */
  static Optional<AddressRange> parse(String text) {
    int slash = text.indexOf('/');
    Optional<InetAddress> address =
        ClientAddresses.literal(slash < 0 ? text : text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = address.get().getAddress();
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (bits < 0 || bits > bytes.length * 8) {
        return Optional.empty();
      }
    }
    return Optional.of(new AddressRange(bytes, bits));
  }

  /** Whether {@code address} lies in the block (an IPv4 address never in an IPv6 block). */
  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != prefix.length) {
      return false;
    }
    for (int bit = 0; bit < bits; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((bytes[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
