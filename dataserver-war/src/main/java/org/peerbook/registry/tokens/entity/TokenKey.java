package org.peerbook.registry.tokens.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The resource manager's Ed25519 token key (PKCS#8 and X.509 forms, base64), made on first start.
 */
@Entity
@Table(name = "token_key")
public class TokenKey {
  public static final int THE_ONLY_ROW = 1;

  @Id private int id = THE_ONLY_ROW;

  @Column(name = "private_key", nullable = false, length = 400)
  private String privateKey;

  @Column(name = "public_key", nullable = false, length = 400)
  private String publicKey;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected TokenKey() {}

  public TokenKey(String privateKey, String publicKey, long createdAt) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.createdAt = createdAt;
  }

  public String privateKey() {
    return privateKey;
  }

  public String publicKey() {
    return publicKey;
  }
}
