package org.peerbook.book.control;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.peerbook.protocol.HeadSignatures;

/** Ed25519 key pairs as the database keeps them: PKCS#8 and X.509 forms, base64. */
public final class Ed25519KeyPairs {
  private Ed25519KeyPairs() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
  }

  public static String privateText(KeyPair keys) {
    return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
  }

  public static String publicText(KeyPair keys) {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  /**
   * @param what names the key in the error, e.g. "the stored signing key"
   * @throws IllegalStateException if the stored forms are not an Ed25519 key pair
   */
  public static KeyPair decode(String privateText, String publicText, String what) {
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance(HeadSignatures.ALGORITHM)
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateText)));
      return new KeyPair(HeadSignatures.decodePublicKey(publicText), privateKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(what + " is unreadable", e);
    }
  }
}
