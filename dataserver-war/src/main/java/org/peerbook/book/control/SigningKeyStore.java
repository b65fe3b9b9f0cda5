package org.peerbook.book.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;

/** Reads the data server's Ed25519 key pair from a PKCS#12 keystore made by the deployer. */
public final class SigningKeyStore {
  private SigningKeyStore() {}

  public static KeyPair load(Path file, String password, String alias) {
    char[] secret = password.toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
      if (!(store.getKey(alias, secret) instanceof PrivateKey privateKey)
          || store.getCertificate(alias) == null) {
        throw new IllegalStateException("keystore " + file + " has no key pair named " + alias);
      }
      PublicKey publicKey = store.getCertificate(alias).getPublicKey();
      if (!publicKey.getAlgorithm().equals("EdDSA")
          && !publicKey.getAlgorithm().equals("Ed25519")) {
        throw new IllegalStateException(
            "key " + alias + " in " + file + " is " + publicKey.getAlgorithm() + ", not Ed25519");
      }
      return new KeyPair(publicKey, privateKey);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read signing keystore " + file + ": " + e.getMessage(), e);
    }
  }
}
