package org.peerbook.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 signatures over heads, and the text form of the data server's public key. */
public final class HeadSignatures {
  public static final String ALGORITHM = Ed25519Signatures.ALGORITHM;

  private HeadSignatures() {}

  /** Signs a head; only the data server holds the private key. */
  public static SignedHead sign(PrivateKey key, long version, String hash, String stateDigest) {
    byte[] signature =
        Ed25519Signatures.sign(key, CanonicalEncoding.headToSign(version, hash, stateDigest));
    return new SignedHead(
        version, hash, stateDigest, Base64.getEncoder().encodeToString(signature));
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
        && Ed25519Signatures.isSignedBy(
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
