package org.peerbook.book.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A typed phone number of a contact. */
@Embeddable
public class PhoneNumber {
  @Column(name = "phone_type", nullable = false, length = 16)
  private String type;

  @Column(name = "phone_number", nullable = false, length = 32)
  private String number;

  protected PhoneNumber() {}

  public PhoneNumber(String type, String number) {
    this.type = type;
    this.number = number;
  }

  public String type() {
    return type;
  }

  public String number() {
    return number;
  }
}
