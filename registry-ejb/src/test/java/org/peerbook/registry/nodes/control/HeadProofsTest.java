package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;

class HeadProofsTest {
  static final String HASH = "ab".repeat(32);
  static final String DIGEST = "cd".repeat(32);
  private final KeyPair book = keyPair();
  private final HeadProofs proofs = new HeadProofs(book.getPublic(), 16);

  static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SignedHead head(long version) {
    return HeadSignatures.sign(book.getPrivate(), version, HASH, DIGEST);
  }

  @Test
  void aHeadTheBookKeySignedProvesItsVersion() {
    assertThat(proofs.proves(7, head(7))).isTrue();
  }

  @Test
  void refusesAHeadOfAnotherVersionOrByAnotherKey() {
    SignedHead forged = HeadSignatures.sign(keyPair().getPrivate(), 7, HASH, DIGEST);
    SignedHead altered = new SignedHead(8, HASH, DIGEST, head(7).signature());

    assertThatThrownBy(() -> proofs.proves(8, head(7)))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("head");
    assertThatThrownBy(() -> proofs.proves(7, forged))
        .isInstanceOf(InvalidNodeException.class)
        .hasMessageContaining("not signed");
    assertThatThrownBy(() -> proofs.proves(8, altered)).isInstanceOf(InvalidNodeException.class);
  }

  @Test
  void theEmptyCopyNeedsNoProofAndNoHeadProvesNothing() {
    assertThat(proofs.proves(0, null)).isFalse();
    assertThat(proofs.proves(0, new SignedHead(0, HASH, DIGEST, "x"))).isTrue();
    assertThat(proofs.proves(999_999_999_999L, null)).isFalse();
    assertThat(proofs.verifications()).isZero();
  }

  @Test
  void verifiesEachDistinctHeadOnceGoodOrBad() {
    SignedHead good = head(5);
    SignedHead bad = HeadSignatures.sign(keyPair().getPrivate(), 5, HASH, DIGEST);

    for (int i = 0; i < 100; i++) {
      assertThat(proofs.isSigned(good)).isTrue();
      assertThat(proofs.isSigned(bad)).isFalse();
    }

    assertThat(proofs.verifications()).isEqualTo(2);
  }

  @Test
  void staysWithinItsCapacityUnderAFloodOfDistinctHeads() {
    for (int version = 1; version <= 1_000; version++) {
      proofs.isSigned(new SignedHead(version, HASH, DIGEST, "AAAA"));
    }
    SignedHead good = head(3);
    proofs.isSigned(good);
    proofs.isSigned(good);

    assertThat(proofs.verifications()).isEqualTo(1_001);
  }

  @ParameterizedTest(name = "claim {0}, proven {1}, counted before {2}, head {3} → {4}")
  @CsvSource({
    "999999999999, false, 0, 40, 0",
    "30, false, 12, 40, 12",
    "10, false, 12, 40, 10",
    "30, true, 12, 40, 30",
    "50, true, 12, 40, 40",
    "0, true, 12, 40, 0",
  })
  void countsAProvenClaimAndCapsAnUnprovenOne(
      long claimed, boolean proven, long lastCounted, long knownHead, long counted) {
    assertThat(HeadProofs.counted(claimed, proven, lastCounted, knownHead)).isEqualTo(counted);
  }
}
