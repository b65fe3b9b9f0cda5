package org.peerbook.simulation.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peerbook.simulation.entity.SimulationResult;
import org.peerbook.simulation.entity.SimulationSettings;

class RegistryLoadTest {

  private static SimulationResult run(int nodes, long sourceRequests, double seconds) {
    return new SimulationResult(
        SimulationSettings.defaults(nodes, SimulationSettings.DEFAULT_CHAIN, 1),
        4,
        10,
        5.0,
        seconds / 2,
        seconds,
        seconds,
        8,
        1.5,
        4,
        nodes,
        0,
        sourceRequests,
        0,
        0.1,
        0,
        nodes,
        1000);
  }

  @Test
  void addsEachMembersShareOfHeartbeatsAndOfAChangesSourceRequests() {
    // a million agents heartbeat every 20 s: 50,000/s; 2,000,000 source requests over 25 s
    RegistryLoad load = RegistryLoad.of(run(1_000_000, 2_000_000, 25), 700, 500);

    assertThat(load.heartbeatsPerSecond()).isEqualTo(50_000.0);
    assertThat(load.sourcesPerSecond()).isEqualTo(80_000.0);
    assertThat(load.instances()).isEqualTo((int) Math.ceil(50_000.0 / 700 + 80_000.0 / 500));
  }

  @Test
  void aSmallFleetNeedsOneServer() {
    assertThat(RegistryLoad.of(run(100, 300, 10), 700, 500).instances()).isEqualTo(1);
  }
}
