package org.peerbook.limits.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseRequestsTest {
  private final DatabaseRequests requests = new DatabaseRequests(8);

  @Test
  void oneClientRunsAQuarterAtMostAndTheOthersStillGetIn() {
    for (int i = 0; i < 2; i++) {
      assertThat(requests.tryStart("192.0.2.1")).isEmpty();
    }

    assertThat(requests.tryStart("192.0.2.1"))
        .hasValueSatisfying(
            why -> {
              assertThat(why.status()).isEqualTo(429);
              assertThat(why.detail()).contains("client 192.0.2.1 already runs 2");
            });
    assertThat(requests.tryStart("192.0.2.2")).isEmpty();

    requests.end("192.0.2.1");
    assertThat(requests.tryStart("192.0.2.1")).as("one ended: room for one").isEmpty();
  }

  @Test
  void noMoreRunInAllThanTheBoundAndARefusalTakesNoClientsRoom() {
    for (int i = 0; i < 7; i++) {
      assertThat(requests.tryStart(null)).as("the server's own machine").isEmpty();
    }
    assertThat(requests.tryStart("192.0.2.1")).isEmpty();

    assertThat(requests.tryStart("192.0.2.2"))
        .hasValueSatisfying(
            why -> {
              assertThat(why.status()).isEqualTo(503);
              assertThat(why.detail()).contains("8 requests that use the database");
            });
    assertThat(requests.tryStart(null)).isPresent();

    requests.end(null);
    requests.end(null);
    assertThat(requests.tryStart("192.0.2.2")).isEmpty();
    assertThat(requests.tryStart("192.0.2.2"))
        .as("the refusal before did not count against it")
        .isEmpty();
  }
}
