package org.peerbook.book.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person or organisation in the book, as it stands at the head. Its {@code lastVersion} is the
 * book version of the change that last wrote it: the ETag that guards concurrent updates.
 */
@Entity
@Table(name = "contact")
public class Contact {
  @Id
  @Column(length = 128)
  private String id;

  @Column(name = "display_name", nullable = false, length = 256)
  private String displayName;

  @Column(name = "given_name", length = 256)
  private String givenName;

  @Column(name = "family_name", length = 256)
  private String familyName;

  @Column(length = 256)
  private String organisation;

  @Column(length = 256)
  private String department;

  @Column(name = "job_title", length = 256)
  private String title;

  @Column(length = 256)
  private String manager;

  @Column(name = "office_location", length = 256)
  private String officeLocation;

  @ElementCollection
  @CollectionTable(name = "contact_email", joinColumns = @JoinColumn(name = "contact_id"))
  @OrderColumn(name = "email_position")
  @Column(name = "email", nullable = false, length = 254)
  private List<String> emails = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "contact_phone", joinColumns = @JoinColumn(name = "contact_id"))
  @OrderColumn(name = "phone_position")
  private List<PhoneNumber> phones = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "contact_attribute", joinColumns = @JoinColumn(name = "contact_id"))
  @MapKeyColumn(name = "attr_name", length = 64)
  @Column(name = "attr_value", nullable = false, length = 1024)
  private Map<String, String> attributes = new HashMap<>();

  @Column(name = "last_version", nullable = false)
  private long lastVersion;

  protected Contact() {}

  public Contact(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public long lastVersion() {
    return lastVersion;
  }

  public String displayName() {
    return displayName;
  }

  public String givenName() {
    return givenName;
  }

  public String familyName() {
    return familyName;
  }

  public String organisation() {
    return organisation;
  }

  public String department() {
    return department;
  }

  public String title() {
    return title;
  }

  public String manager() {
    return manager;
  }

  public String officeLocation() {
    return officeLocation;
  }

  public List<String> emails() {
    return emails;
  }

  public List<PhoneNumber> phones() {
    return phones;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  /** Replaces every field by the given values, as written by the change at {@code version}. */
  public void overwrite(
      String displayName,
      String givenName,
      String familyName,
      String organisation,
      String department,
      String title,
      String manager,
      String officeLocation,
      List<String> emails,
      List<PhoneNumber> phones,
      Map<String, String> attributes,
      long version) {
    this.displayName = displayName;
    this.givenName = givenName;
    this.familyName = familyName;
    this.organisation = organisation;
    this.department = department;
    this.title = title;
    this.manager = manager;
    this.officeLocation = officeLocation;
    this.emails.clear();
    this.emails.addAll(emails);
    this.phones.clear();
    this.phones.addAll(phones);
    this.attributes.clear();
    this.attributes.putAll(attributes);
    this.lastVersion = version;
  }
}
