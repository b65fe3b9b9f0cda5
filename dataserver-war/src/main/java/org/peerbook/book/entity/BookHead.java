package org.peerbook.book.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row that says where the book stands: version, hash of the last entry, the state
 * digest's lanes and the data server's signature over them, and the lowest version the log still
 * holds. Every writer locks this row first, which is what makes versions gap-free and unique.
 */
@Entity
@Table(name = "book_head")
public class BookHead {
  public static final int THE_ONLY_ROW = 1;

  @Id private int id = THE_ONLY_ROW;

  @Column(nullable = false)
  private long version;

  @Column(nullable = false, length = 64)
  private String hash;

  @Column(name = "state_lanes", nullable = false, length = 4000)
  private String stateLanes;

  @Column(nullable = false, length = 200)
  private String signature;

  /** The lowest version whose entry the log still holds (1 while nothing was compacted). */
  @Column(name = "log_floor", nullable = false)
  private long logFloor = 1;

  protected BookHead() {}

  public BookHead(String hash, String stateLanes, String signature) {
    this.hash = hash;
    this.stateLanes = stateLanes;
    this.signature = signature;
  }

  public long version() {
    return version;
  }

  public String hash() {
    return hash;
  }

  public String stateLanes() {
    return stateLanes;
  }

  public String signature() {
    return signature;
  }

  public long logFloor() {
    return logFloor;
  }

  public void advance(long version, String hash, String stateLanes, String signature) {
    this.version = version;
    this.hash = hash;
    this.stateLanes = stateLanes;
    this.signature = signature;
  }

  public void raiseFloor(long floor) {
    this.logFloor = floor;
  }
}
