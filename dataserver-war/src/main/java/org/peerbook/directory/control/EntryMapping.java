package org.peerbook.directory.control;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.peerbook.directory.entity.ContactField;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.PhoneDto;

/**
 * Turns a directory entry into the contact it stands for, with the source's mapping. The contact id
 * is a name-based UUID of the source's name and the entry's unique id, so renaming or moving the
 * entry keeps its contact, and two sources never share an id.
 */
public final class EntryMapping {
  private final DirectorySource source;

  public EntryMapping(DirectorySource source) {
    this.source = source;
  }

  /** Every attribute the mapping reads: what a search has to ask for (operational ones too). */
  public String[] requestedAttributes() {
    Set<String> attributes = new LinkedHashSet<>();
    source.mapping().values().forEach(attributes::addAll);
    return attributes.toArray(String[]::new);
  }

  /** The contact id an entry with this unique id has in this source. */
  public static String contactId(String sourceName, String uniqueId) {
    // name-based (RFC 4122 version 3): the same pair gives the same id on every run and server
    return UUID.nameUUIDFromBytes(
            (sourceName + "\u0000" + uniqueId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * @throws UnmappableEntryException naming the entry and why
   */
  public ContactDto map(Entry entry) {
    String dn = entry.getDN();
    String uniqueId =
        uniqueId(entry)
            .orElseThrow(
                () ->
                    new UnmappableEntryException(
                        dn, null, "has no unique id " + source.attributesOf(ContactField.ID)));
    String id = contactId(source.name(), uniqueId);
    String displayName =
        text(entry, ContactField.DISPLAY_NAME)
            .orElseThrow(
                () ->
                    new UnmappableEntryException(
                        dn, id, "has no name " + source.attributesOf(ContactField.DISPLAY_NAME)));
    List<PhoneDto> phones = new ArrayList<>();
    for (ContactField field : ContactField.values()) {
      field
          .phoneType()
          .ifPresent(type -> values(entry, field).forEach(n -> phones.add(new PhoneDto(type, n))));
    }
    ContactDto contact =
        new ContactDto(
            id,
            displayName,
            text(entry, ContactField.GIVEN_NAME).orElse(null),
            text(entry, ContactField.FAMILY_NAME).orElse(null),
            values(entry, ContactField.EMAILS),
            phones,
            text(entry, ContactField.ORGANISATION).orElse(null),
            text(entry, ContactField.DEPARTMENT).orElse(null),
            text(entry, ContactField.TITLE).orElse(null),
            text(entry, ContactField.MANAGER).map(EntryMapping::managerName).orElse(null),
            text(entry, ContactField.OFFICE_LOCATION).orElse(null),
            Map.of(
                DirectorySource.SOURCE_ATTRIBUTE,
                source.name(),
                DirectorySource.DIRECTORY_ID_ATTRIBUTE,
                uniqueId));
    return checked(dn, contact);
  }

  /** The book's own rules (lengths, counts, e-mail and phone syntax), as for any client. */
  private ContactDto checked(String dn, ContactDto contact) {
    try {
      return ContactJson.read(ContactJson.toJson(contact), "", true);
    } catch (MalformedMessageException e) {
      throw new UnmappableEntryException(
          dn, contact.id(), attributeNamed(e.field()) + e.getMessage());
    }
  }

  /** Names the directory attribute behind a refused contact field, e.g. "(mail) emails[3]: ...". */
  private String attributeNamed(String field) {
    if (field == null) {
      return "";
    }
    String key = field.replaceAll("\\[.*", "");
    if (key.equals("phones")) {
      return "(telephone attributes) ";
    }
    return ContactField.byKey(key)
        .map(f -> "(" + String.join(",", source.attributesOf(f)) + ") ")
        .orElse("");
  }

  private Optional<String> uniqueId(Entry entry) {
    for (String name : source.attributesOf(ContactField.ID)) {
      Attribute attribute = entry.getAttribute(name);
      if (attribute == null || !attribute.hasValue()) {
        continue;
      }
      if (source.flavour().binaryGuid() && name.equalsIgnoreCase("objectGUID")) {
        return Optional.of(guid(entry.getDN(), attribute.getValueByteArray()));
      }
      String value = attribute.getValue().strip();
      if (!value.isEmpty()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Active Directory's GUID text form: the first three groups are stored little-endian. */
  static String guid(String dn, byte[] b) {
    if (b.length != 16) {
      throw new UnmappableEntryException(dn, null, "objectGUID has " + b.length + " bytes, not 16");
    }
    return String.format(
        "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
        b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15]);
  }

  /** The first attribute of the field the entry has, its first non-blank value. */
  private Optional<String> text(Entry entry, ContactField field) {
    for (String name : source.attributesOf(field)) {
      String[] values = entry.getAttributeValues(name);
      if (values == null) {
        continue;
      }
      for (String value : values) {
        if (!value.isBlank()) {
          return Optional.of(value.strip());
        }
      }
    }
    return Optional.empty();
  }

  /** Every non-blank value of every attribute of the field, once each, in order. */
  private List<String> values(Entry entry, ContactField field) {
    Set<String> values = new LinkedHashSet<>();
    for (String name : source.attributesOf(field)) {
      String[] found = entry.getAttributeValues(name);
      if (found != null) {
        for (String value : found) {
          if (!value.isBlank()) {
            values.add(value.strip());
          }
        }
      }
    }
    return List.copyOf(values);
  }

  /** A manager is a DN: the contact shows its first RDN value (the manager's cn, usually). */
  private static String managerName(String value) {
    try {
      RDN first = new DN(value).getRDN();
      return first == null ? value : first.getAttributeValues()[0];
    } catch (LDAPException notADn) {
      return value;
    }
  }
}
