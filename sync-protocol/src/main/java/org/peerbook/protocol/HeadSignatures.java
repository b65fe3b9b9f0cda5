package org.peerbook.protocol;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 signatures over heads, and the text form of the data server's public key. */
public final class HeadSignatures {
  public static final String ALGORITHM = "Ed25519";
  // the JDK's verifier accepts a longer signature, and base64 can be read leniently: one
  // signature, one text (found by fuzzing), so lengths and encodings are checked exactly
  private static final int SIGNATURE_BYTES = 64;

  private HeadSignatures() {}

  /** Signs a head; only the data server holds the private key. */
  public static SignedHead sign(PrivateKey key, long version, String hash, String stateDigest) {
    byte[] signature = sign(key, CanonicalEncoding.headToSign(version, hash, stateDigest));
    return new SignedHead(
        version, hash, stateDigest, Base64.getEncoder().encodeToString(signature));
  }

  /** An Ed25519 signature of {@code data}: heads, node tokens and token-key endorsements. */
  static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + key.getAlgorithm(), e);
    }
  }

  /** Whether {@code signature} is the holder of {@code key}'s signature of {@code data}. */
  static boolean isSignedBy(PublicKey key, byte[] data, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
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

  /** Whether {@code head} was signed by the holder of {@code key}. */
  public static boolean isSignedBy(PublicKey key, SignedHead head) {
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(head.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Base64.getEncoder().encodeToString(signature).equals(head.signature())
        && isSignedBy(
            key,
            CanonicalEncoding.headToSign(head.version(), head.hash(), head.stateDigest()),
            signature);
  }

  /** The public key as it is published: base64 of its X.509 SubjectPublicKeyInfo. */
  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  public static PublicKey decodePublicKey(String base64) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | InvalidKeySpecException e) {
      throw new IllegalArgumentException("not an Ed25519 public key in base64 X.509 form", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
  }
}
