package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peerbook.protocol.registry.HeartbeatRequest.Received;

class ReceivedBytesTest {
  private final ReceivedBytes received = new ReceivedBytes();

  @Test
  void aHeartbeatTellsWhatCameSinceTheLastAnsweredOne() {
    received.from(false).accept(1_000);
    received.from(true).accept(300);
    Received told = received.unreported();
    assertThat(told).isEqualTo(new Received(1_000, 300));

    // bytes that arrive while the heartbeat is on its way belong to the next one
    received.from(false).accept(50);
    received.reported(told);

    assertThat(received.unreported()).isEqualTo(new Received(50, 0));
    assertThat(received.fromPeers()).isEqualTo(1_050);
    assertThat(received.fromDataServer()).isEqualTo(300);
  }

  @Test
  void aHeartbeatThatGotNoAnswerIsToldAgainWithTheNext() {
    received.from(true).accept(700);
    received.unreported();

    assertThat(received.unreported()).isEqualTo(new Received(0, 700));
  }
}
