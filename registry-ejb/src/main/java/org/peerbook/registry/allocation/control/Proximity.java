package org.peerbook.registry.allocation.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * How near two addresses are, as the network strategy ranks them: 0 same subnet (the configured
 * prefix of the address family), 1 same site, 2 a neighbouring site of the site map, 3 elsewhere.
 * The peer index groups nodes by the same {@link #subnetOf subnet} and {@link #siteOf site}, so the
 * scan and the index cannot disagree on what "near" is.
 */
public final class Proximity {
  public static final int SAME_SUBNET = 0;
  public static final int SAME_SITE = 1;
  public static final int NEIGHBOUR_SITE = 2;
  public static final int ELSEWHERE = 3;

  private final int ipv4Prefix;
  private final int ipv6Prefix;
  private final SiteMap siteMap;

  public Proximity(int ipv4Prefix, int ipv6Prefix, SiteMap siteMap) {
    if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128) {
      throw new IllegalArgumentException(
          "subnet prefixes must be 0-32 (IPv4) and 0-128 (IPv6), not "
              + ipv4Prefix
              + " and "
              + ipv6Prefix);
    }
    this.ipv4Prefix = ipv4Prefix;
    this.ipv6Prefix = ipv6Prefix;
    this.siteMap = siteMap;
  }

  /** A subnet: the address family and its address with the bits past the prefix cleared. */
  public record Subnet(int addressBytes, long high, long low) {}

  public Subnet subnetOf(InetAddress address) {
    byte[] bits =
        Cidr.networkBits(address, address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix);
    long high = 0;
    long low = 0;
    for (int i = 0; i < bits.length; i++) {
      if (i < bits.length - 8) {
        high = high << 8 | bits[i] & 0xff;
      } else {
        low = low << 8 | bits[i] & 0xff;
      }
    }
    return new Subnet(bits.length, high, low);
  }

  public Optional<String> siteOf(InetAddress address) {
    return siteMap.siteOf(address);
  }

  public Set<String> neighboursOf(String site) {
    return siteMap.neighboursOf(site);
  }

  /** How far {@code to} is from {@code from}, whose site ({@link #siteOf}) is given. */
  public int distance(InetAddress from, Optional<String> fromSite, InetAddress to) {
    if (subnetOf(from).equals(subnetOf(to))) {
      return SAME_SUBNET;
    }
    if (fromSite.isEmpty()) {
      return ELSEWHERE;
    }
    Optional<String> toSite = siteMap.siteOf(to);
    if (toSite.isEmpty()) {
      return ELSEWHERE;
    }
    if (fromSite.get().equals(toSite.get())) {
      return SAME_SITE;
    }
    return siteMap.areNeighbours(fromSite.get(), toSite.get()) ? NEIGHBOUR_SITE : ELSEWHERE;
  }
}
