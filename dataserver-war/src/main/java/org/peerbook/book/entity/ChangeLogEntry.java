package org.peerbook.book.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.peerbook.protocol.Operation;

/**
 * One change of the book, immutable once committed. The contact is kept in its wire form (JSON),
 * exactly as it is relayed and hashed, so that the log can be served without re-reading contacts.
 */
@Entity
@Table(name = "change_log")
public class ChangeLogEntry {
  @Id private long version;

  @Column(name = "contact_id", nullable = false, length = 128)
  private String contactId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 8)
  private Operation operation;

  @Column(name = "contact_json", length = 200_000)
  private String contactJson;

  @Column(name = "recorded_at", nullable = false)
  private long recordedAt;

  @Column(name = "previous_hash", nullable = false, length = 64)
  private String previousHash;

  @Column(nullable = false, length = 64)
  private String hash;

  protected ChangeLogEntry() {}

  public ChangeLogEntry(
      long version,
      String contactId,
      Operation operation,
      String contactJson,
      long recordedAt,
      String previousHash,
      String hash) {
    this.version = version;
    this.contactId = contactId;
    this.operation = operation;
    this.contactJson = contactJson;
    this.recordedAt = recordedAt;
    this.previousHash = previousHash;
    this.hash = hash;
  }

  public long version() {
    return version;
  }

  public String contactId() {
    return contactId;
  }

  public Operation operation() {
    return operation;
  }

  public String contactJson() {
    return contactJson;
  }

  public long recordedAt() {
    return recordedAt;
  }

  public String previousHash() {
    return previousHash;
  }

  public String hash() {
    return hash;
  }
}
