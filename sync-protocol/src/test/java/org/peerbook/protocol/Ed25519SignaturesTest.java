package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Ed25519SignaturesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void signsRfc8032sFirstTestVector() throws GeneralSecurityException {
    PrivateKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(
                new EdECPrivateKeySpec(
                    NamedParameterSpec.ED25519,
                    HEX.parseHex(
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));

    assertThat(HEX.formatHex(Ed25519Signatures.sign(key, new byte[0])))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
                + "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  @Test
  void signsTheSameBytesAsTheJdkAndEachVerifiesTheOthers() throws GeneralSecurityException {
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);

      byte[] ours = Ed25519Signatures.sign(keys.getPrivate(), data);
      byte[] jdks = jdkSignature(keys.getPrivate(), data);

      assertThat(ours).isEqualTo(jdks);
      assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, jdks)).isTrue();
      assertThat(TestVectorsTest.verifies(keys.getPublic(), data, ours)).isTrue();
    }
  }

  @Test
  void refusesWhatTheKeyDidNotSign() throws GeneralSecurityException {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] data = "head 42".getBytes(StandardCharsets.UTF_8);
    byte[] signature = Ed25519Signatures.sign(keys.getPrivate(), data);

    byte[] flipped = signature.clone();
    flipped[10] ^= 1;
    byte[] otherData = "head 43".getBytes(StandardCharsets.UTF_8);

    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, signature)).isTrue();
    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, flipped)).isFalse();
    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), otherData, signature)).isFalse();
    assertThat(Ed25519Signatures.isSignedBy(other.getPublic(), data, signature)).isFalse();
    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, Arrays.copyOf(signature, 63)))
        .isFalse();
    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, Arrays.copyOf(signature, 65)))
        .isFalse();
  }

  /**
   * S + L verifies the same equation: RFC 8032 requires S < L, so one message has one signature.
   */
  @Test
  void refusesASignatureWhoseScalarIsNotReduced() throws GeneralSecurityException {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] data = "head 42".getBytes(StandardCharsets.UTF_8);
    byte[] signature = Ed25519Signatures.sign(keys.getPrivate(), data);
    BigInteger order =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64)).add(order);
    byte[] malleated = signature.clone();
    System.arraycopy(toLittleEndian(s), 0, malleated, 32, 32);

    assertThat(s.bitLength()).isLessThanOrEqualTo(256);
    assertThat(Ed25519Signatures.isSignedBy(keys.getPublic(), data, malleated)).isFalse();
  }

  /**
   * The identity point as public key, with R the identity and S = 0, satisfies the verification
   * equation for every message (the JDK 17's verifier accepts it): a key nobody holds a secret of
   * must sign nothing.
   */
  @Test
  void refusesTheSmallOrderKeyThatWouldVerifyEverything() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    PublicKey key =
        HeadSignatures.decodePublicKey(
            Base64.getEncoder()
                .encodeToString(
                    HEX.parseHex("302a300506032b6570032100" + HEX.formatHex(identity))));
    byte[] signature = new byte[64];
    signature[0] = 1;

    assertThat(
            Ed25519Signatures.isSignedBy(
                key, "head 42".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
  }

  private static byte[] jdkSignature(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(data);
    return signer.sign();
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = bytes.clone();
    for (int i = 0; i < big.length / 2; i++) {
      byte b = big[i];
      big[i] = big[big.length - 1 - i];
      big[big.length - 1 - i] = b;
    }
    return new BigInteger(1, big);
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < out.length && i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }
}
