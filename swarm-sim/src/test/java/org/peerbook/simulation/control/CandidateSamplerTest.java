package org.peerbook.simulation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationSettings;

class CandidateSamplerTest {
  private final SimulationSettings settings =
      SimulationSettings.defaults(16_000, SimulationSettings.DEFAULT_CHAIN, 1);
  private final Topology topology = new Topology(settings);
  private final CandidateSampler sampler = new CandidateSampler(topology, settings.nodes());

  @Test
  void offersNothingBeforeAnyNodeHoldsTheHead() {
    assertThat(sampler.isEmpty()).isTrue();
    assertThat(sampler.candidates(topology.node(0), true, 96, new SplittableRandom(1)).size())
        .isZero();
  }

  @Test
  void offersEveryHolderOfTheRequestersSubnetWhenNearFirst() {
    SimulatedNode requester = topology.node(0);
    Set<Integer> sameSubnet = new HashSet<>();
    for (int i = 1; i < settings.nodes(); i++) {
      SimulatedNode node = topology.node(i);
      sampler.holdsHead(node);
      if (node.subnet() == requester.subnet()) {
        sameSubnet.add(i);
      }
    }

    Set<Integer> offered =
        indices(sampler.candidates(requester, true, 96, new SplittableRandom(1)));

    assertThat(sameSubnet).hasSize(settings.hostsPerSubnet() - 1);
    assertThat(offered).containsAll(sameSubnet).doesNotContain(0).hasSizeLessThanOrEqualTo(96);
  }

  @Test
  void offersAUniformSampleWithoutDuplicatesOtherwise() {
    for (int i = 0; i < settings.nodes(); i++) {
      sampler.holdsHead(topology.node(i));
    }
    SimulatedNode requester = topology.node(5);

    CandidateSampler.IntList offered =
        sampler.candidates(requester, false, 96, new SplittableRandom(3));
    Set<Integer> distinct = indices(offered);

    assertThat(distinct).hasSize(offered.size()).hasSizeGreaterThan(80).doesNotContain(5);
    long sameSite =
        distinct.stream().filter(i -> topology.node(i).site() == requester.site()).count();
    assertThat(sameSite).isLessThan(20);
  }

  private static Set<Integer> indices(CandidateSampler.IntList list) {
    Set<Integer> indices = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      indices.add(list.get(i));
    }
    return indices;
  }
}
