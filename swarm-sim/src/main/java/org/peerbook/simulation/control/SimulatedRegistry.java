package org.peerbook.simulation.control;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.Allocator;
import org.peerbook.registry.allocation.control.DataServerAdmission;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.nodes.entity.ResourceNode;
import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationSettings;

/**
 * The resource manager as the simulation drives it: the node table of real {@link ResourceNode}
 * records and the same decisions as {@code ResourceManager.register}, {@code heartbeat} and {@code
 * sources}, in the same order, calling the real {@link Allocator} (the resource manager's pure
 * allocation decision), {@link AllocationChain} and {@link DataServerAdmission}. What differs: no
 * EJB container, a simulated clock, no credentials or validation (every simulated node is
 * well-formed), and the {@code Allocator} gets a bounded {@link CandidateSampler candidate set}
 * instead of the whole table.
 */
public final class SimulatedRegistry {
  /** No agent is ever reached through it: the simulation has no sockets. */
  private static final URI SYNC_ADDRESS = URI.create("http://simulated.invalid:8080/api/sync");

  private final SimulationSettings settings;
  private final ResourceNode[] table;
  private final ResourceNode dataServer;
  private final AllocationChain chain;
  private final boolean nearFirst;
  private final CandidateSampler sampler;
  private final DataServerAdmission admission = new DataServerAdmission();
  private final Duration grantTime;
  private final Duration staleWaiter;
  private long headVersion;
  private long sourceRequests;
  private long retryHints;

  public SimulatedRegistry(
      SimulationSettings settings,
      AllocationChain chain,
      CandidateSampler sampler,
      InetAddress[] addresses,
      Instant now) {
    this.settings = settings;
    this.chain = chain;
    this.nearFirst = "network".equals(chain.leading());
    this.sampler = sampler;
    this.table = new ResourceNode[addresses.length];
    this.grantTime = Duration.ofSeconds(settings.grantSeconds());
    // the resource manager drops a waiter that has not asked for three retry periods
    this.staleWaiter = Duration.ofSeconds(3L * settings.retryAfterSeconds());
    this.dataServer =
        new ResourceNode(
            "data-server",
            SYNC_ADDRESS,
            InetAddress.getLoopbackAddress(),
            0,
            0,
            0,
            Instant.MAX,
            true,
            now);
    for (int i = 0; i < addresses.length; i++) {
      table[i] =
          new ResourceNode(
              "node-" + i,
              SYNC_ADDRESS,
              addresses[i],
              0,
              0,
              0,
              now.plusSeconds(settings.leaseSeconds()),
              false,
              now);
    }
  }

  /** The data server commits a new version ({@code ResourceManager.announceHead}). */
  public void announceHead(long version) {
    headVersion = version;
  }

  public long headVersion() {
    return headVersion;
  }

  /**
   * {@code ResourceManager.heartbeat}: renews the lease, records version and load, and settles the
   * node's data-server grant as the resource manager does.
   */
  public long heartbeat(SimulatedNode node, int load, Instant now) {
    ResourceNode before = table[node.index()];
    table[node.index()] =
        before.heartbeat(node.version, load, now.plusSeconds(settings.leaseSeconds()));
    admission.settle(node.nodeId(), node.version, headVersion, now, grantTime);
    if (node.version >= headVersion && before.version() < headVersion) {
      sampler.holdsHead(node);
    }
    return headVersion;
  }

  /** {@code ResourceManager.sources} with the configured k. */
  public Allocation sources(SimulatedNode node, Instant now, RandomGenerator random) {
    sourceRequests++;
    ResourceNode requester = table[node.index()];
    CandidateSampler.IntList candidates =
        sampler.candidates(node, nearFirst, settings.candidateSample(), random);
    List<ResourceNode> offered = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      offered.add(table[candidates.get(i)]);
    }
    Allocator.Decision decision =
        Allocator.decide(
            new Requester(node.nodeId(), requester.networkAddress(), node.version),
            offered,
            chain,
            settings.k(),
            true,
            headVersion,
            nodeId -> false,
            now,
            random);
    if (decision.kind() == Allocator.Kind.PEERS) {
      List<ResourceNode> handedOut = new ArrayList<>(decision.peers().size());
      for (ResourceNode peer : decision.peers()) {
        int index = indexOf(peer);
        table[index] = table[index].handedOutOnce();
        handedOut.add(table[index]);
      }
      return new Allocation(handedOut, false, 0, headVersion);
    }
    if (decision.kind() == Allocator.Kind.UP_TO_DATE) {
      return new Allocation(List.of(), false, 0, headVersion);
    }
    if (admission.admit(node.nodeId(), now, settings.dataServerSlots(), grantTime, staleWaiter)) {
      return new Allocation(List.of(dataServer), true, 0, headVersion);
    }
    retryHints++;
    return new Allocation(List.of(), false, settings.retryAfterSeconds(), headVersion);
  }

  /** The table index of a node record: its id is {@code node-<index>}. */
  public static int indexOf(ResourceNode node) {
    String id = node.nodeId();
    return Integer.parseInt(id, 5, id.length(), 10);
  }

  public long sourceRequests() {
    return sourceRequests;
  }

  public long retryHints() {
    return retryHints;
  }

  public int dataServerWaiting() {
    return admission.waiting();
  }
}
