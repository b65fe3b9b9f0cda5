package org.peerbook.book.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The data server's Ed25519 book key, when no keystore holds it. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends StoredKeyPair {
  protected SigningKey() {}

  public SigningKey(String privateKey, String publicKey, long createdAt) {
    super(privateKey, publicKey, createdAt);
  }
}
