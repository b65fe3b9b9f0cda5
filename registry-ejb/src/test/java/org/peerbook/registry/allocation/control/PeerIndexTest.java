package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * The index picks exactly what the scan picks, for every chain, over random tables that change
 * under it: nodes of many subnets, sites and families, versions around the requester's, loads and
 * hand-outs, hops on both sides of a hop budget, lapsed leases, demoted nodes, the requester itself
 * in the table.
 */
class PeerIndexTest {
  private static final SiteMap SITES =
      SiteMap.parse(
          "10.1.0.0/16=paris;10.2.0.0/16=lyon;10.3.0.0/16=tokyo;2001:db8:1::/48=paris",
          "paris=lyon,geneva");
  private static final String[] NETWORKS = {
    "10.1.1.", "10.1.2.", "10.2.1.", "10.3.1.", "192.168.0.", "2001:db8:1:0::", "2001:db8:9:0::"
  };
  private static final List<List<String>> CHAINS =
      List.of(
          List.of("network", "least-loaded", "random"),
          List.of("least-loaded", "network", "random"),
          List.of("network", "random"),
          List.of("random", "network"),
          List.of("least-loaded", "random"),
          List.of("least-loaded"),
          List.of("network"),
          List.of("random"),
          List.of("random", "least-loaded", "network"),
          List.of("network", "least-loaded"),
          List.of("shallow", "least-loaded", "random"),
          List.of("network", "shallow", "random"));

  @Test
  void picksWhatTheScanPicksForEveryChain() {
    for (int seed = 0; seed < 400; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      AllocationChain chain = chain(CHAINS.get(seed % CHAINS.size()));
      Map<String, ResourceNode> table = new LinkedHashMap<>();
      int size = 1 + random.nextInt(seed % 5 == 0 ? 400 : 40);
      for (int i = 0; i < size; i++) {
        ResourceNode node = randomNode("n" + i, random);
        table.put(node.nodeId(), node);
      }
      // every third run bounds the sessions per peer, so that full nodes are left out too
      int sessionsPerPeer = seed % 3 == 0 ? 1 + random.nextInt(3) : Integer.MAX_VALUE;
      PeerIndex index = PeerIndex.of(chain, sessionsPerPeer, table.values()).orElseThrow();
      for (int step = 0; step < 30; step++) {
        assertSamePicks(index, table, chain, sessionsPerPeer, random, seed);
        change(index, table, random, size);
      }
    }
  }

  @Test
  void aFullPeerIsHandedToNobodyButTheRequesterLearnsItCouldHelpSoon() {
    AllocationChain chain = chain(List.of("least-loaded", "random"));
    ResourceNode full = Nodes.node("full", "10.0.0.1", 9, 8);
    PeerIndex index = PeerIndex.of(chain, 8, List.of(full)).orElseThrow();

    PeerPick pick =
        index.pick(Nodes.requester("10.0.0.9", 0), 3, Integer.MAX_VALUE, Nodes.NOW, id -> false);

    assertThat(pick.sources()).isEmpty();
    assertThat(pick.peersFull()).isTrue();
    assertThat(
            index
                .pick(Nodes.requester("10.0.0.9", 9), 3, Integer.MAX_VALUE, Nodes.NOW, id -> false)
                .peersFull())
        .as("not ahead of a requester at its version")
        .isFalse();
    index.remove(full);
    assertThat(index.size()).isZero();
  }

  @Test
  void aChainWithAStrategyItDoesNotKnowIsNotIndexed() {
    AllocationStrategy custom = (requester, random) -> java.util.Comparator.comparing(n -> 0);
    assertThat(PeerIndex.of(Nodes.chain("custom", custom), List.of())).isEmpty();
  }

  @Test
  void leavesDataServersOutAndForgetsRemovedNodes() {
    AllocationChain chain = chain(List.of("least-loaded", "random"));
    ResourceNode node = Nodes.node("a", "10.0.0.1", 9, 0);
    PeerIndex index = PeerIndex.of(chain, List.of(node)).orElseThrow();
    assertThat(index.best(Nodes.requester("10.0.0.9", 0), 3, Nodes.NOW, id -> false))
        .containsExactly(node);

    index.remove(node);

    assertThat(index.size()).isZero();
    assertThat(index.best(Nodes.requester("10.0.0.9", 0), 3, Nodes.NOW, id -> false)).isEmpty();
  }

  private static void assertSamePicks(
      PeerIndex index,
      Map<String, ResourceNode> table,
      AllocationChain chain,
      int sessionsPerPeer,
      SplittableRandom random,
      int seed) {
    String requesterId = random.nextInt(4) == 0 ? "n" + random.nextInt(table.size() + 1) : "me";
    Requester requester = new Requester(requesterId, Nodes.ip(address(random)), random.nextInt(7));
    Set<String> demoted = new HashSet<>();
    for (ResourceNode node : table.values()) {
      if (random.nextInt(10) == 0) {
        demoted.add(node.nodeId());
      }
    }
    int k = 1 + random.nextInt(6);
    // hops are 1 to 4: a budget of 1 puts every node beyond it, of 5 none
    int hopRounds = 1 + random.nextInt(5);
    PeerPick scanned =
        SourceSelection.pick(
            requester,
            table.values(),
            chain,
            k,
            sessionsPerPeer,
            hopRounds,
            Nodes.NOW,
            random,
            demoted::contains);
    PeerPick indexed = index.pick(requester, k, hopRounds, Nodes.NOW, demoted::contains);
    assertThat(indexed.sources())
        .as(
            "seed %d, chain %s, requester %s, k %d, hop budget %d",
            seed, chain.names(), requester, k, hopRounds)
        .containsExactlyElementsOf(scanned.sources());
    if (scanned.peersFull()) {
      // the index counts full nodes per version, lapsed or demoted ones too: it may say more
      assertThat(indexed.peersFull()).as("seed %d", seed).isTrue();
    }
  }

  /** Replaces, removes or adds a node, through the index as the node table does. */
  private static void change(
      PeerIndex index, Map<String, ResourceNode> table, SplittableRandom random, int size) {
    String id = "n" + random.nextInt(size + 5);
    ResourceNode old = table.remove(id);
    if (old != null) {
      index.remove(old);
    }
    if (old == null || random.nextInt(4) != 0) {
      ResourceNode now = randomNode(id, random);
      table.put(id, now);
      index.add(now);
    }
  }

  private static ResourceNode randomNode(String id, SplittableRandom random) {
    ResourceNode node = Nodes.node(id, address(random), random.nextInt(7), random.nextInt(4));
    return new ResourceNode(
        node.nodeId(),
        node.syncAddress(),
        node.networkAddress(),
        node.version(),
        node.load(),
        random.nextInt(3),
        random.nextInt(8) == 0 ? Nodes.NOW.minusSeconds(1) : node.leaseExpiry(),
        random.nextInt(50) == 0,
        node.registeredAt(),
        // few distinct keys, so that the final tie-break by id is exercised too
        random.nextInt(5) == 0 ? 7 : random.nextLong(),
        1 + random.nextInt(4),
        // most unsaid; some say they serve fewer than the registry's bound, some more
        random.nextInt(3) == 0 ? 1 + random.nextInt(3) : ResourceNode.UNSAID);
  }

  private static String address(SplittableRandom random) {
    String network = NETWORKS[random.nextInt(NETWORKS.length)];
    return network + (1 + random.nextInt(250));
  }

  private static AllocationChain chain(List<String> names) {
    List<Object> entries = new ArrayList<>();
    for (String name : names) {
      entries.add(name);
      entries.add(
          switch (name) {
            case "network" -> new NetworkProximityAllocation(24, 64, SITES);
            case "least-loaded" -> new LeastLoadedAllocation();
            case "shallow" -> new ShallowAllocation();
            default -> new RandomAllocation();
          });
    }
    return Nodes.chain(entries.toArray());
  }
}
