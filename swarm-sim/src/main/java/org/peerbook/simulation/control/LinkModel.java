package org.peerbook.simulation.control;

import java.util.random.RandomGenerator;
import org.peerbook.simulation.entity.SimulatedNode;

/**
 * How long a copy takes between two nodes. Deliberately simple, and the same for every strategy:
 *
 * <ul>
 *   <li>each agent has an access link drawn once: 70% office desktops (100 Mbit/s, 0.5 ms), 20%
 *       gigabit (1 Gbit/s, 0.2 ms), 10% remote over VPN or Wi-Fi (20 Mbit/s, 15 ms); the data
 *       server has 1 Gbit/s and sits in site 0;
 *   <li>a path adds round-trip time by distance: none inside a subnet, 1 ms inside a site, 10 ms to
 *       a neighbouring site, 40 ms to any other; a session across sites gets at most 50 Mbit/s
 *       (neighbour) or 10 Mbit/s (farther), because the WAN links are shared;
 *   <li>a source's uplink is split into equal fixed shares, one per session it may serve ({@code
 *       maxServing} for an agent, the slots for the data server): conservative, since a source
 *       serving one session could go faster, but it never creates bandwidth, and it needs no
 *       rescheduling when sessions come and go;
 *   <li>a copy costs three round trips (connect, request, answer) plus the payload at the slowest
 *       of source share, receiver link and path; a refusal (503) two round trips; a registry call
 *       one round trip to site 0.
 * </ul>
 */
public final class LinkModel {
  private static final int DATA_SERVER_KBPS = 1_000_000;
  private static final int DATA_SERVER_ACCESS_MICROS = 100;
  private static final int DATA_SERVER_SITE = 0;

  private final Topology topology;
  private final int[] kbps;
  private final int[] accessMicros;

  public LinkModel(Topology topology, int nodes, RandomGenerator random) {
    this.topology = topology;
    this.kbps = new int[nodes];
    this.accessMicros = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      double draw = random.nextDouble();
      if (draw < 0.7) {
        kbps[i] = 100_000;
        accessMicros[i] = 500;
      } else if (draw < 0.9) {
        kbps[i] = 1_000_000;
        accessMicros[i] = 200;
      } else {
        kbps[i] = 20_000;
        accessMicros[i] = 15_000;
      }
    }
  }

  /** Micros for a full copy of {@code bytes} from a peer sharing its uplink {@code shares} ways. */
  public long copyMicros(SimulatedNode source, SimulatedNode requester, long bytes, int shares) {
    return firstByteMicros(source, requester)
        + transferMicros(bytes, sessionKbps(source, requester, shares));
  }

  /** Micros from asking a peer until its answer's bytes begin to flow. */
  public long firstByteMicros(SimulatedNode source, SimulatedNode requester) {
    return 3 * rttMicros(source, requester);
  }

  /** The rate of one session from a peer sharing its uplink {@code shares} ways, kbit/s. */
  public int sessionKbps(SimulatedNode source, SimulatedNode requester, int shares) {
    return Math.min(
        Math.min(kbps[source.index()] / shares, kbps[requester.index()]),
        pathCapKbps(source.site(), requester.site()));
  }

  /** Bytes a session at {@code kbps} moves in {@code micros}. */
  public static long bytesIn(int kbps, long micros) {
    return (long) kbps * micros / 8000;
  }

  /** Micros for a full copy from the data server sharing its uplink {@code shares} ways. */
  public long copyFromDataServerMicros(SimulatedNode requester, long bytes, int shares) {
    long rtt = rttToDataServerMicros(requester);
    int rate =
        Math.min(
            Math.min(DATA_SERVER_KBPS / shares, kbps[requester.index()]),
            pathCapKbps(DATA_SERVER_SITE, requester.site()));
    return 3 * rtt + transferMicros(bytes, rate);
  }

  /** A busy peer answers 503 after connect and request. */
  public long refusalMicros(SimulatedNode source, SimulatedNode requester) {
    return 2 * rttMicros(source, requester);
  }

  /** The resource manager runs beside the data server. */
  public long registryCallMicros(SimulatedNode node) {
    return rttToDataServerMicros(node);
  }

  public boolean crossesSites(SimulatedNode a, SimulatedNode b) {
    return a.site() != b.site();
  }

  public boolean crossesSitesFromDataServer(SimulatedNode node) {
    return node.site() != DATA_SERVER_SITE;
  }

  long rttMicros(SimulatedNode a, SimulatedNode b) {
    long access = 2L * (accessMicros[a.index()] + accessMicros[b.index()]);
    if (a.subnet() == b.subnet()) {
      return access;
    }
    return access + pathMicros(a.site(), b.site());
  }

  private long rttToDataServerMicros(SimulatedNode node) {
    return 2L * (accessMicros[node.index()] + DATA_SERVER_ACCESS_MICROS)
        + pathMicros(DATA_SERVER_SITE, node.site());
  }

  private long pathMicros(int site, int other) {
    if (site == other) {
      return 1_000;
    }
    return topology.areNeighbours(site, other) ? 10_000 : 40_000;
  }

  private int pathCapKbps(int site, int other) {
    if (site == other) {
      return Integer.MAX_VALUE;
    }
    return topology.areNeighbours(site, other) ? 50_000 : 10_000;
  }

  private static long transferMicros(long bytes, int kbps) {
    // bits / (kbit/s * 1000) seconds = bytes * 8000 / kbps microseconds
    return bytes * 8000 / Math.max(1, kbps);
  }
}
