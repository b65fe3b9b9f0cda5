package org.peerbook.registry.allocation.control;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which network belongs to which site, and which sites neighbour each other. Configured as text:
 * sites {@code 10.1.0.0/16=paris;10.2.0.0/16=lyon}, neighbours {@code paris=lyon,geneva}
 * (neighbourhood is symmetric). The longest matching prefix names an address's site.
 */
public final class SiteMap {
  private final List<Map.Entry<Cidr, String>> networks;
  private final Map<String, Set<String>> neighbours;

  private SiteMap(List<Map.Entry<Cidr, String>> networks, Map<String, Set<String>> neighbours) {
    this.networks = networks;
    this.neighbours = neighbours;
  }

  public static SiteMap parse(String sites, String neighbourText) {
    List<Map.Entry<Cidr, String>> networks = new ArrayList<>();
    for (String pair : split(sites, ";")) {
      String[] parts = pair.split("=", 2);
      if (parts.length != 2 || parts[1].isBlank()) {
        throw new IllegalArgumentException("site map entry is not CIDR=site: " + pair);
      }
      networks.add(Map.entry(Cidr.parse(parts[0]), parts[1].trim()));
    }
    networks.sort((a, b) -> Integer.compare(b.getKey().prefix(), a.getKey().prefix()));
    Map<String, Set<String>> neighbours = new HashMap<>();
    for (String pair : split(neighbourText, ";")) {
      String[] parts = pair.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("neighbour entry is not site=site,site: " + pair);
      }
      String site = parts[0].trim();
      for (String other : split(parts[1], ",")) {
        if (!other.equals(site)) {
          neighbours.computeIfAbsent(site, s -> new HashSet<>()).add(other);
          neighbours.computeIfAbsent(other, s -> new HashSet<>()).add(site);
        }
      }
    }
    return new SiteMap(List.copyOf(networks), neighbours);
  }

  private static List<String> split(String text, String separator) {
    List<String> parts = new ArrayList<>();
    for (String part : text.split(separator)) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  public Optional<String> siteOf(InetAddress address) {
    return networks.stream()
        .filter(n -> n.getKey().contains(address))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  public Set<String> neighboursOf(String site) {
    return neighbours.getOrDefault(site, Set.of());
  }

  public boolean areNeighbours(String site, String other) {
    return neighbours.getOrDefault(site, Set.of()).contains(other);
  }
}
