package org.peerbook.simulation.control;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.peerbook.simulation.entity.SimulatedNode;

/**
 * The bounded candidate set one source request hands to the real {@code SourceSelection.peers}.
 *
 * <p>Why: {@code SourceSelection.peers} orders every node it is given, and the resource manager
 * gives it the whole table, so a request costs O(N); a million requests over a million nodes would
 * take days. The request only ever picks among nodes that are ahead of the requester, and only the
 * best few of them by the chain's order, so the simulation indexes the nodes the registry knows to
 * hold the head, by subnet, site and overall (as a registry could, see the final report), and
 * offers a sample of them in which the full scan's winners are likely to be:
 *
 * <ul>
 *   <li>for a chain led by {@code network} the full scan prefers the same subnet, then the same
 *       site, then a neighbouring site: the sample takes all the holders of the requester's subnet
 *       (a subnet is small, at most 254), a quarter of the sample from its site, an eighth from
 *       each neighbouring site, and fills the rest uniformly from all holders;
 *   <li>for any other chain the winners are spread uniformly over the holders (random ties, or the
 *       least-loaded, of whom there are many), so the sample is uniform over all holders.
 * </ul>
 *
 * What the sample cannot reproduce: least-loaded finds the global minimum only within the sample;
 * with ~100 uniform candidates out of many idle holders it finds an idle one just as the full scan
 * does. Nodes not yet known at the head are not offered; they would be filtered out as not useful
 * anyway, and the data server is handed out only when this index is empty, exactly when the full
 * scan finds no useful peer.
 */
public final class CandidateSampler {
  private final Topology topology;
  private final IntList all;
  private final IntList[] bySite;
  private final IntList[] bySubnet;
  private final int[] stamps;
  private int stamp;
  private final IntList picked = new IntList(16);

  public CandidateSampler(Topology topology, int nodes) {
    this.topology = topology;
    this.all = new IntList(1024);
    this.bySite = new IntList[topology.sites()];
    for (int i = 0; i < bySite.length; i++) {
      bySite[i] = new IntList(256);
    }
    this.bySubnet = new IntList[topology.subnets()];
    this.stamps = new int[nodes];
  }

  /** The registry now knows {@code node} holds the head. Called once per node. */
  public void holdsHead(SimulatedNode node) {
    all.add(node.index());
    bySite[node.site()].add(node.index());
    IntList subnet = bySubnet[node.subnet()];
    if (subnet == null) {
      subnet = bySubnet[node.subnet()] = new IntList(8);
    }
    subnet.add(node.index());
  }

  public boolean isEmpty() {
    return all.size == 0;
  }

  /**
   * Indices of up to {@code sample} holders for {@code requester}; valid until the next call.
   *
   * @param nearFirst whether the chain is led by the network strategy
   */
  public IntList candidates(
      SimulatedNode requester, boolean nearFirst, int sample, RandomGenerator random) {
    picked.size = 0;
    if (++stamp == 0) {
      Arrays.fill(stamps, 0);
      stamp = 1;
    }
    stamps[requester.index()] = stamp;
    if (nearFirst) {
      IntList subnet = bySubnet[requester.subnet()];
      if (subnet != null) {
        draw(subnet, subnet.size, random);
      }
      draw(bySite[requester.site()], Math.min(sample / 4, sample - picked.size), random);
      for (int neighbour : topology.neighbours(requester.site())) {
        draw(bySite[neighbour], Math.min(sample / 8, sample - picked.size), random);
      }
    }
    draw(all, sample - picked.size, random);
    return picked;
  }

  private void draw(IntList from, int wanted, RandomGenerator random) {
    if (wanted <= 0) {
      return;
    }
    if (from.size <= wanted) {
      for (int i = 0; i < from.size; i++) {
        pick(from.values[i]);
      }
      return;
    }
    // draws with replacement, dropping repeats, until enough distinct nodes or enough tries
    int target = picked.size + wanted;
    for (int tries = 0; picked.size < target && tries < 4 * wanted; tries++) {
      pick(from.values[random.nextInt(from.size)]);
    }
  }

  private void pick(int index) {
    if (stamps[index] != stamp) {
      stamps[index] = stamp;
      picked.add(index);
    }
  }

  /** A growable list of node indices, without boxing a million Integers. */
  public static final class IntList {
    private int[] values;
    private int size;

    IntList(int capacity) {
      values = new int[capacity];
    }

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    public int size() {
      return size;
    }

    public int get(int i) {
      return values[i];
    }
  }
}
