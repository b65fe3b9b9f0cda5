package org.peerbook.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 key pairs made from a fixed 32-byte seed (RFC 8032's private key), for test vectors: the
 * JDK has no API that takes a seed, but its key pair generator draws exactly 32 bytes of seed from
 * the random source it is given.
 */
final class VectorKeys {
  private VectorKeys() {}

  static KeyPair fromSeed(String seedHex) {
    byte[] seed = HexFormat.of().parseHex(seedHex);
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    SecureRandom fixed =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
              throw new IllegalStateException("asked for " + bytes.length + " bytes of seed");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
          }
        };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, fixed);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
  }

  /** The raw 32-byte public key: the last 32 bytes of its X.509 SubjectPublicKeyInfo. */
  static byte[] rawPublicKey(KeyPair keys) {
    byte[] x509 = keys.getPublic().getEncoded();
    return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
  }
}
