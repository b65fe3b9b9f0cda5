package org.peerbook.registry.allocation.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.allocation.control.SourceAllocator.Kind;

class SourceAllocatorTest {
  private static final SourceAllocator.Peers NO_PEER_AHEAD =
      (requester, chain, k, fanOut) -> PeerPick.NONE;

  private final SourceAllocator allocator =
      new SourceAllocator(
          new AllocationSettings(Nodes.chain("random", new RandomAllocation()), 3, 16, 2, true),
          names -> Nodes.chain("random", new RandomAllocation()),
          new LocalDataServerGrants(),
          Duration.ofSeconds(30),
          Duration.ofSeconds(15),
          Duration.ofSeconds(2));

  private Kind askAs(String node) {
    return allocator
        .decide(new Requester(node, Nodes.ip("127.0.0.9"), 0), null, 5, Nodes.NOW, NO_PEER_AHEAD)
        .kind();
  }

  @Test
  void withPeersTheSecondCopyOfANewVersionWaitsForTheStagger() {
    assertThat(askAs("first")).isEqualTo(Kind.DATA_SERVER);
    assertThat(askAs("second")).isEqualTo(Kind.RETRY);
  }

  @Test
  void aRequesterWhosePeersAreAllFullWaitsForThemNotForTheDataServer() {
    Kind kind =
        allocator
            .decide(
                new Requester("late", Nodes.ip("127.0.0.9"), 0),
                null,
                5,
                Nodes.NOW,
                (requester, chain, k, fanOut) -> new PeerPick(List.of(), true))
            .kind();

    assertThat(kind).isEqualTo(Kind.PEERS_FULL);
    assertThat(allocator.dataServerGrants(Nodes.NOW)).isZero();
  }

  @Test
  void withoutPeersEveryNodeCopiesFromTheDataServerUnstaggered() {
    allocator.configure(new SourceAllocator.SettingsChange(null, null, null, false));

    assertThat(askAs("first")).isEqualTo(Kind.DATA_SERVER);
    assertThat(askAs("second")).as("nobody passes a copy on").isEqualTo(Kind.DATA_SERVER);
  }
}
