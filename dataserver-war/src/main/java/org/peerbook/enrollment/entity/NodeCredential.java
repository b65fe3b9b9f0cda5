package org.peerbook.enrollment.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The hash of the one credential that lets {@code nodeId} register. */
@Entity
@Table(name = "node_credential")
public class NodeCredential {
  @Id
  @Column(name = "node_id", length = 128)
  private String nodeId;

  @Column(name = "credential_hash", nullable = false, length = 64)
  private String credentialHash;

  @Column(name = "issued_at", nullable = false)
  private long issuedAt;

  protected NodeCredential() {}

  public NodeCredential(String nodeId, String credentialHash, long issuedAt) {
    this.nodeId = nodeId;
    this.credentialHash = credentialHash;
    this.issuedAt = issuedAt;
  }

  public String nodeId() {
    return nodeId;
  }

  public String credentialHash() {
    return credentialHash;
  }

  public long issuedAt() {
    return issuedAt;
  }

  public void replace(String newHash, long now) {
    this.credentialHash = newHash;
    this.issuedAt = now;
  }
}
