package org.peerbook.protocol;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) with Bouncy Castle's implementation where the keys are the JDK's own: its
 * signatures are the same bytes (Ed25519 is deterministic), at a fraction of the JDK 17's cost (a
 * signature 0.9 ms warm against 0.04, a verification 0.8 ms against 0.1; a registration's two token
 * signatures were 88% of its CPU). Keys of another provider (a hardware keystore) sign and verify
 * through the JDK. Everything that signs or verifies calls this class: heads ({@link
 * HeadSignatures}), node tokens and token-key endorsements ({@link NodeTokens}).
 */
final class Ed25519Signatures {
  static final String ALGORITHM = "Ed25519";
  private static final int SIGNATURE_BYTES = 64;
  private static final int KEY_BYTES = 32;
  // how X.509 SubjectPublicKeyInfo starts for an Ed25519 key (RFC 8410): the raw key follows
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** A private key's seed and its public key, made once per key: signing needs both. */
  private record SigningKey(byte[] seed, byte[] publicKey) {}

  private static final Map<PrivateKey, SigningKey> SIGNING_KEYS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Ed25519Signatures() {}

  static byte[] sign(PrivateKey key, byte[] data) {
    SigningKey raw = SIGNING_KEYS.computeIfAbsent(key, Ed25519Signatures::rawSigningKey);
    if (raw == null) {
      return signByJdk(key, data);
    }
    byte[] signature = new byte[SIGNATURE_BYTES];
    Ed25519.sign(raw.seed(), 0, raw.publicKey(), 0, data, 0, data.length, signature, 0);
    return signature;
  }

  /** Whether {@code signature} (of any length: only 64 bytes can be one) signs {@code data}. */
  static boolean isSignedBy(PublicKey key, byte[] data, byte[] signature) {
    // the JDK's verifier accepted a longer signature (found by fuzzing): one signature, one text
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    byte[] raw = rawPublicKey(key);
    if (raw == null) {
      return verifyByJdk(key, data, signature);
    }
    return Ed25519.verify(signature, 0, raw, 0, data, 0, data.length);
  }

  private static SigningKey rawSigningKey(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey edec)
        || !edec.getParams().getName().equalsIgnoreCase(ALGORITHM)) {
      return null;
    }
    byte[] seed = edec.getBytes().orElse(null);
    if (seed == null || seed.length != KEY_BYTES) {
      return null;
    }
    byte[] publicKey = new byte[KEY_BYTES];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return new SigningKey(seed, publicKey);
  }

  private static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || encoded.length != X509_PREFIX.length + KEY_BYTES
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      return null;
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  private static byte[] signByJdk(PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + key.getAlgorithm(), e);
    }
  }

  private static boolean verifyByJdk(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
  }
}
