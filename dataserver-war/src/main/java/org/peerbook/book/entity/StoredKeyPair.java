package org.peerbook.book.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * An Ed25519 key pair made on first start and kept in a table of one row (PKCS#8 and X.509 forms,
 * base64): the book key and the token key.
 */
@MappedSuperclass
public abstract class StoredKeyPair {
  public static final int THE_ONLY_ROW = 1;

  @Id private int id = THE_ONLY_ROW;

  @Column(name = "private_key", nullable = false, length = 400)
  private String privateKey;

  @Column(name = "public_key", nullable = false, length = 400)
  private String publicKey;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected StoredKeyPair() {}

  protected StoredKeyPair(String privateKey, String publicKey, long createdAt) {
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
