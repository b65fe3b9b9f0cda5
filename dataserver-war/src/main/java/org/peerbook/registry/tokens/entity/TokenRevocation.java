package org.peerbook.registry.tokens.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A node's revoked tokens: those expiring at or before the cut-off (epoch seconds). */
@Entity
@Table(name = "token_revocation")
public class TokenRevocation {
  @Id
  @Column(name = "node_id", length = 128)
  private String nodeId;

  @Column(name = "cutoff", nullable = false)
  private long cutoff;

  protected TokenRevocation() {}

  public TokenRevocation(String nodeId, long cutoff) {
    this.nodeId = nodeId;
    this.cutoff = cutoff;
  }

  public String nodeId() {
    return nodeId;
  }

  public long cutoff() {
    return cutoff;
  }

  public void extendTo(long later) {
    cutoff = Math.max(cutoff, later);
  }
}
