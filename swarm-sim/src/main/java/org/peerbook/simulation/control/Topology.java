package org.peerbook.simulation.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.peerbook.registry.allocation.control.SiteMap;
import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationSettings;

/**
 * Where each node sits. Site {@code s} is {@code 10.(16s).0.0/12}; inside it, agents fill {@code
 * /24} subnets of {@code hostsPerSubnet}; sites are dealt round-robin so they are equally large.
 * Neighbouring sites form a ring. The same text form as {@code peerbook.allocation.network.sites}
 * and {@code ...neighbours} feeds the real {@link SiteMap}, so the network strategy sees exactly
 * what an administrator would configure.
 */
public final class Topology {
  private final SimulationSettings settings;
  private final int subnetsPerSite;

  public Topology(SimulationSettings settings) {
    this.settings = settings;
    int perSite = (settings.nodes() + settings.sites() - 1) / settings.sites();
    this.subnetsPerSite = (perSite + settings.hostsPerSubnet() - 1) / settings.hostsPerSubnet();
  }

  public SimulatedNode node(int index) {
    int site = index % settings.sites();
    int local = index / settings.sites();
    int subnet = site * subnetsPerSite + local / settings.hostsPerSubnet();
    return new SimulatedNode(index, "node-" + index, site, subnet);
  }

  public InetAddress address(SimulatedNode node) {
    int local = node.index() / settings.sites();
    int subnetInSite = local / settings.hostsPerSubnet();
    int host = local % settings.hostsPerSubnet() + 1;
    byte[] bytes = {
      10, (byte) (16 * node.site() + subnetInSite / 256), (byte) (subnetInSite % 256), (byte) host
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }

  public int subnets() {
    return subnetsPerSite * settings.sites();
  }

  public int sites() {
    return settings.sites();
  }

  /** The sites next to {@code site} on the ring (none with one site, one with two). */
  public List<Integer> neighbours(int site) {
    List<Integer> around = new ArrayList<>();
    int sites = settings.sites();
    if (sites > 1) {
      around.add((site + 1) % sites);
    }
    if (sites > 2) {
      around.add((site + sites - 1) % sites);
    }
    return around;
  }

  public boolean areNeighbours(int site, int other) {
    return neighbours(site).contains(other);
  }

  /** The site map as an administrator would configure it. */
  public SiteMap siteMap() {
    StringBuilder sites = new StringBuilder();
    StringBuilder neighbours = new StringBuilder();
    for (int site = 0; site < settings.sites(); site++) {
      sites.append("10.").append(16 * site).append(".0.0/12=site").append(site).append(';');
      if (settings.sites() > 1) {
        neighbours
            .append("site")
            .append(site)
            .append("=site")
            .append((site + 1) % settings.sites())
            .append(';');
      }
    }
    return SiteMap.parse(sites.toString(), neighbours.toString());
  }
}
