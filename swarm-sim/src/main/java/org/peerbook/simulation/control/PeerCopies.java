package org.peerbook.simulation.control;

import java.util.List;
import org.peerbook.protocol.SlowSource;
import org.peerbook.registry.nodes.entity.ResourceNode;
import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationSettings;

/**
 * Copies from peers, as the agent makes them: once a copy's bytes have flowed for the patience too
 * slowly ({@link SlowSource}), a second copy starts beside it from the first peer after its source
 * in the answer that can serve (the agent asks them in order; a busy one's 503 is not timed here),
 * and the first of the two to end wins; the other's session ends with it.
 */
final class PeerCopies {
  /** A copy landed: the node holds {@code version}, from the source at {@code index}. */
  interface Landed {
    void landed(long version, int generation, int index);
  }

  private final SimulationSettings settings;
  private final EventQueue clock;
  private final LinkModel links;
  private final RunFigures figures;
  private final SimulatedNode[] nodes;

  PeerCopies(
      SimulationSettings settings,
      EventQueue clock,
      LinkModel links,
      RunFigures figures,
      SimulatedNode[] nodes) {
    this.settings = settings;
    this.clock = clock;
    this.links = links;
    this.figures = figures;
    this.nodes = nodes;
  }

  /** The simulated node behind a registry record: its id is {@code node-<index>}. */
  static int indexOf(ResourceNode node) {
    String id = node.nodeId();
    return Integer.parseInt(id, 5, id.length(), 10);
  }

  /** One copy from a peer to a node, and the copy started beside it, if any. */
  private static final class Copy {
    final SimulatedNode peer;
    boolean done;
    Copy other;

    Copy(SimulatedNode peer) {
      this.peer = peer;
    }
  }

  /**
   * Starts a copy from {@code peer}, which can serve {@code node}, the source at {@code index} of
   * the answer {@code sources}.
   */
  void start(
      SimulatedNode node,
      SimulatedNode peer,
      List<ResourceNode> sources,
      int index,
      Landed landed) {
    Copy copy = copy(node, peer, index, landed);
    long judgedAt =
        links.firstByteMicros(peer, node) + settings.slowSource().patience().toNanos() / 1000;
    if (copyMicros(peer, node) > judgedAt && isSlow(peer, node)) {
      clock.after(
          judgedAt,
          () -> {
            if (!copy.done) {
              hedge(node, copy, sources, index, landed);
            }
          });
    }
  }

  private void hedge(
      SimulatedNode node, Copy slow, List<ResourceNode> sources, int current, Landed landed) {
    for (int i = current + 1; i < sources.size(); i++) {
      ResourceNode offered = sources.get(i);
      if (offered.origin()) {
        continue;
      }
      SimulatedNode peer = nodes[indexOf(offered)];
      if (peer.serving >= settings.maxServing() || peer.version <= node.version) {
        continue;
      }
      figures.hedge();
      Copy beside = copy(node, peer, i, landed);
      slow.other = beside;
      beside.other = slow;
      return;
    }
  }

  private Copy copy(SimulatedNode node, SimulatedNode peer, int index, Landed landed) {
    peer.startServing();
    figures.peerSession(peer, links.crossesSites(peer, node));
    Copy copy = new Copy(peer);
    long version = peer.version;
    int generation = peer.generation + 1;
    clock.after(
        copyMicros(peer, node), () -> end(copy, () -> landed.landed(version, generation, index)));
    return copy;
  }

  /** The first of a copy and the one beside it to end wins; the other ends with it. */
  private static void end(Copy copy, Runnable landing) {
    if (copy.done) {
      return;
    }
    copy.done = true;
    copy.peer.stopServing();
    if (copy.other != null && !copy.other.done) {
      copy.other.done = true;
      copy.other.peer.stopServing();
    }
    landing.run();
  }

  private long copyMicros(SimulatedNode peer, SimulatedNode node) {
    return links.copyMicros(peer, node, settings.payloadBytes(), settings.maxServing());
  }

  private boolean isSlow(SimulatedNode peer, SimulatedNode node) {
    SlowSource rule = settings.slowSource();
    long patienceMicros = rule.patience().toNanos() / 1000;
    int kbps = links.sessionKbps(peer, node, settings.maxServing());
    return rule.isSlow(LinkModel.bytesIn(kbps, patienceMicros), patienceMicros * 1000);
  }
}
