package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationsTest {
  private static final Duration LIFETIME = Duration.ofSeconds(120);
  private static final Instant REVOKED_AT = Instant.parse("2026-12-01T10:00:00.400Z");
  private final Revocations revocations = new Revocations(LIFETIME);

  /** The expiry the token issuer writes for a token issued at {@code issued}. */
  private static Instant expiryOfTokenIssuedAt(Instant issued) {
    return Instant.ofEpochSecond(issued.plus(LIFETIME).getEpochSecond());
  }

  @Test
  void revokesTokensIssuedUpToTheRevocationAndNoLaterOnes() {
    revocations.revoke("node", REVOKED_AT);

    assertThat(revocations.isRevoked("node", expiryOfTokenIssuedAt(REVOKED_AT.minusSeconds(100))))
        .isTrue();
    assertThat(revocations.isRevoked("node", expiryOfTokenIssuedAt(REVOKED_AT))).isTrue();
    assertThat(revocations.isRevoked("node", expiryOfTokenIssuedAt(REVOKED_AT.plusSeconds(1))))
        .isFalse();
    assertThat(revocations.isRevoked("other", expiryOfTokenIssuedAt(REVOKED_AT))).isFalse();
  }

  @Test
  void aTokenIssuedInTheSecondOfTheRevocationWouldBeBornRevoked() {
    revocations.revoke("node", REVOKED_AT);

    assertThat(revocations.coversTokensIssuedAt("node", REVOKED_AT.plusMillis(500))).isTrue();
    assertThat(revocations.coversTokensIssuedAt("node", REVOKED_AT.plusMillis(600))).isFalse();
  }

  @Test
  void aLaterRevocationMovesTheCutOffOnAndNeverBack() {
    revocations.revoke("node", REVOKED_AT.plusSeconds(30));
    revocations.revoke("node", REVOKED_AT);

    assertThat(revocations.isRevoked("node", expiryOfTokenIssuedAt(REVOKED_AT.plusSeconds(20))))
        .isTrue();
  }

  @Test
  void forgetsARevocationOnceEveryTokenItCoversExpired() {
    revocations.revoke("node", REVOKED_AT);

    revocations.sweep(REVOKED_AT.plus(LIFETIME).minusSeconds(1));
    assertThat(revocations.current(REVOKED_AT)).containsOnlyKeys("node");

    revocations.sweep(REVOKED_AT.plus(LIFETIME).plusSeconds(1));
    assertThat(revocations.current(REVOKED_AT)).isEmpty();
  }
}
