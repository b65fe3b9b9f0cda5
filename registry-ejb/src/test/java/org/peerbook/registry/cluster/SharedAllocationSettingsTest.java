package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.AllocationSettings;
import org.peerbook.registry.allocation.control.InvalidSettingException;
import org.peerbook.registry.allocation.control.LocalDataServerGrants;
import org.peerbook.registry.allocation.control.RandomAllocation;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.allocation.control.SourceAllocator.Settings;
import org.peerbook.registry.allocation.control.SourceAllocator.SettingsChange;

/**
 * The allocation settings of a cluster on a real Hazelcast grid: a change through one member
 * applies on every member, and a member joining later takes the settings in force.
 */
class SharedAllocationSettingsTest {
  private TestGrid grid;
  private final List<SharedAllocationSettings> shared = new ArrayList<>();
  private final SourceAllocator a = allocator();
  private final SourceAllocator b = allocator();
  private SharedAllocationSettings throughA;
  private SharedAllocationSettings throughB;

  private static SourceAllocator allocator() {
    return new SourceAllocator(
        new AllocationSettings(chain("network,least-loaded,random"), 3, 16, 4, true),
        SharedAllocationSettingsTest::chain,
        new LocalDataServerGrants(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(15),
        Duration.ZERO);
  }

  private static AllocationChain chain(String names) {
    return AllocationChain.parse(names, name -> new RandomAllocation());
  }

  private SharedAllocationSettings share(int member, SourceAllocator allocator) {
    SharedAllocationSettings settings =
        new SharedAllocationSettings(
            grid.member(member), allocator::settings, allocator::configure);
    shared.add(settings);
    return settings;
  }

  @BeforeEach
  void formAGridOfTwo() {
    grid = new TestGrid(2);
    throughA = share(0, a);
    throughB = share(1, b);
  }

  @AfterEach
  void stop() {
    shared.forEach(SharedAllocationSettings::close);
    grid.close();
  }

  @Test
  void aChangeThroughOneMemberAppliesOnEvery() {
    Settings after = throughA.change(new SettingsChange("random", 5, null, null));

    assertThat(after).isEqualTo(new Settings("random", 5, 16, 4, true));
    assertThat(a.settings()).isEqualTo(after);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.settings().equals(after));
  }

  @Test
  void changesOfDifferentSettingsThroughDifferentMembersBothHold() {
    throughA.change(new SettingsChange(null, 2, null, null));
    throughB.change(new SettingsChange(null, null, 7, null));

    Settings both = new Settings("network,least-loaded,random", 2, 16, 7, true);
    assertThat(b.settings()).as("b took a's change before making its own").isEqualTo(both);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.settings().equals(both));
  }

  @Test
  void aBadChangeChangesNothingAnywhere() {
    throughA.change(new SettingsChange(null, null, null, false));

    assertThatThrownBy(() -> throughB.change(new SettingsChange(null, 99, null, null)))
        .isInstanceOf(InvalidSettingException.class);

    Settings kept = new Settings("network,least-loaded,random", 3, 16, 4, false);
    assertThat(b.settings()).isEqualTo(kept);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.settings().equals(kept));
  }

  @Test
  void aMemberJoiningLaterTakesTheSettingsInForce() {
    Settings inForce = throughA.change(new SettingsChange("random,network", 4, 2, null));

    SourceAllocator late = allocator();
    grid.join();
    share(2, late);

    assertThat(late.settings()).isEqualTo(inForce);
  }
}
