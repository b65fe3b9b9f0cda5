package org.peerbook.limits.control;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A block of IP addresses: an address and how many of its leading bits the block shares. */
public final class AddressRange {
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

  /**
   * The blocks a setting lists, comma separated; none for a blank one.
   *
   * @throws IllegalStateException naming the setting and the entry, for an entry that is neither an
   *     address nor a range: the server does not start
   */
  public static List<AddressRange> listed(String setting, String text) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String range : text.split(",")) {
      if (!range.isBlank()) {
        ranges.add(
            parse(range.strip())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            setting
                                + ": \""
                                + range.strip()
                                + "\" is neither an IP address nor a range like 10.0.0.0/8")));
      }
    }
    return List.copyOf(ranges);
  }

  /** Whether one of {@code ranges} holds {@code address}. */
  public static boolean anyContains(List<AddressRange> ranges, InetAddress address) {
    return ranges.stream().anyMatch(range -> range.contains(address));
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
