package org.peerbook.registry.tokens.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.peerbook.book.entity.StoredKeyPair;

/** The resource manager's Ed25519 token key. */
@Entity
@Table(name = "token_key")
public class TokenKey extends StoredKeyPair {
  protected TokenKey() {}

  public TokenKey(String privateKey, String publicKey, long createdAt) {
    super(privateKey, publicKey, createdAt);
  }
}
