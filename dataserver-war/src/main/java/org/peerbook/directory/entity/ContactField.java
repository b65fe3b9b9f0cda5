package org.peerbook.directory.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a directory attribute can be mapped to: a field of the contact, or its id. The key is the
 * name in {@code peerbook.directory.<source>.map.<key>}.
 */
public enum ContactField {
  /** The directory's own unique id; the contact id is derived from it, never from the DN. */
  ID("id"),
  DISPLAY_NAME("displayName"),
  GIVEN_NAME("givenName"),
  FAMILY_NAME("familyName"),
  EMAILS("emails"),
  WORK_PHONES("phones.work"),
  MOBILE_PHONES("phones.mobile"),
  HOME_PHONES("phones.home"),
  FAX_PHONES("phones.fax"),
  ORGANISATION("organisation"),
  DEPARTMENT("department"),
  TITLE("title"),
  MANAGER("manager"),
  OFFICE_LOCATION("officeLocation");

  private final String key;

  ContactField(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** For a phone field, the contact's phone type ({@code work}, {@code mobile}, ...). */
  public Optional<String> phoneType() {
    return key.startsWith("phones.")
        ? Optional.of(key.substring("phones.".length()))
        : Optional.empty();
  }

  public static Optional<ContactField> byKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }
}
