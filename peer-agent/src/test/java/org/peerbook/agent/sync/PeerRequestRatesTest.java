package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.serving.RefusedException;

class PeerRequestRatesTest {
  private final AtomicLong nanos = new AtomicLong();
  private final PeerRequestRates rates = new PeerRequestRates(nanos::get);

  @Test
  void letsANodeABurstThenItsRateAndRefusesTheRestWith429() {
    for (int i = 0; i < PeerRequestRates.BURST; i++) {
      rates.admit("busy");
    }

    RefusedException refused =
        catchThrowableOfType(() -> rates.admit("busy"), RefusedException.class);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused).hasMessageContaining("node busy");
    rates.admit("another node");
    nanos.addAndGet((long) (1e9 / PeerRequestRates.PER_SECOND));
    rates.admit("busy");
    assertThat(catchThrowableOfType(() -> rates.admit("busy"), RefusedException.class))
        .as("one request back per 1/rate seconds")
        .isNotNull();
  }
}
