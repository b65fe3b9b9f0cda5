package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.registry.HeartbeatRequest.Received;

class ReceivedBytesTest {
  private final ReceivedBytes received = new ReceivedBytes();

  @Test
  void aHeartbeatTellsWhatCameSinceTheLastAndTheNextTellsOnlyWhatCameAfter() {
    received.from(false).accept(1_000);
    received.from(true).accept(300);

    assertThat(received.take()).isEqualTo(new Received(1_000, 300));
    received.from(false).accept(50);

    assertThat(received.take()).isEqualTo(new Received(50, 0));
    assertThat(received.fromPeers()).isEqualTo(1_050);
    assertThat(received.fromDataServer()).isEqualTo(300);
  }

  @Test
  void aHeartbeatThatGotNoAnswerIsToldAgainWithTheNext() {
    received.from(true).accept(700);
    received.untold(received.take());

    assertThat(received.take()).isEqualTo(new Received(0, 700));
  }

  /**
   * The periodic heartbeat and the one reporting a new version run at once: between them they tell
   * every byte once, and never a negative number (the resource manager refuses it with 400, and an
   * agent that kept sending one lost its lease: ClusterIT caught it).
   */
  @Test
  void heartbeatsOnTwoThreadsTellEveryByteOnceAndNeverANegativeNumber() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Long>> work = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        work.add(
            () -> {
              for (int i = 0; i < 10_000; i++) {
                received.from(false).accept(3);
              }
              return 0L;
            });
        work.add(
            () -> {
              long told = 0;
              for (int i = 0; i < 10_000; i++) {
                Received taken = received.take();
                assertThat(taken.fromPeers()).isNotNegative();
                told += taken.fromPeers();
              }
              return told;
            });
      }
      long told = 0;
      for (Future<Long> done : threads.invokeAll(work)) {
        told += done.get();
      }
      told += received.take().fromPeers();

      assertThat(told).isEqualTo(2 * 10_000 * 3);
    } finally {
      threads.shutdownNow();
    }
  }
}
