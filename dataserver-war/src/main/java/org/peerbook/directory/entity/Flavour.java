package org.peerbook.directory.entity;

import static org.peerbook.directory.entity.ContactField.*;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kind of directory server, which sets the default filter, the default attribute mapping and
 * how the unique id is read. A mapping lists attributes in order of preference: the first one an
 * entry has wins.
 */
public enum Flavour {
  /** OpenLDAP and other RFC 4530 servers: inetOrgPerson entries, a textual {@code entryUUID}. */
  OPENLDAP("openldap", "(objectClass=inetOrgPerson)", false) {
    @Override
    void defaults(Map<ContactField, List<String>> mapping) {
      mapping.put(ID, List.of("entryUUID"));
      mapping.put(DISPLAY_NAME, List.of("displayName", "cn"));
      mapping.put(ORGANISATION, List.of("o"));
      mapping.put(DEPARTMENT, List.of("ou"));
      mapping.put(OFFICE_LOCATION, List.of("l"));
    }
  },
  /**
   * Active Directory: enabled user accounts, the binary {@code objectGUID} read as the canonical
   * GUID string (its first three groups are little-endian).
   */
  ACTIVE_DIRECTORY(
      "active-directory",
      "(&(objectCategory=person)(objectClass=user)"
          + "(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
      true) {
    @Override
    void defaults(Map<ContactField, List<String>> mapping) {
      mapping.put(ID, List.of("objectGUID"));
      mapping.put(DISPLAY_NAME, List.of("displayName", "cn"));
      mapping.put(ORGANISATION, List.of("company"));
      mapping.put(DEPARTMENT, List.of("department"));
      mapping.put(OFFICE_LOCATION, List.of("physicalDeliveryOfficeName"));
    }
  };

  private final String key;
  private final String defaultFilter;
  private final boolean binaryGuid;

  Flavour(String key, String defaultFilter, boolean binaryGuid) {
    this.key = key;
    this.defaultFilter = defaultFilter;
    this.binaryGuid = binaryGuid;
  }

  abstract void defaults(Map<ContactField, List<String>> mapping);

  public String key() {
    return key;
  }

  public String defaultFilter() {
    return defaultFilter;
  }

  /** Whether the id attribute holds a 16-byte GUID rather than text. */
  public boolean binaryGuid() {
    return binaryGuid;
  }

  /** Every field's default attributes; a field absent from the map is not read. */
  public Map<ContactField, List<String>> defaultMapping() {
    Map<ContactField, List<String>> mapping = new EnumMap<>(ContactField.class);
    // the same inetOrgPerson / user attributes on both
    mapping.put(GIVEN_NAME, List.of("givenName"));
    mapping.put(FAMILY_NAME, List.of("sn"));
    mapping.put(EMAILS, List.of("mail"));
    mapping.put(WORK_PHONES, List.of("telephoneNumber"));
    mapping.put(MOBILE_PHONES, List.of("mobile"));
    mapping.put(TITLE, List.of("title"));
    mapping.put(MANAGER, List.of("manager"));
    defaults(mapping);
    return Collections.unmodifiableMap(mapping);
  }

  public static Optional<Flavour> byKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }
}
