package org.peerbook.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A contact as it travels between nodes and as it is hashed. Optional texts are {@code null} when
 * absent; lists and attributes are never {@code null}.
 *
 * @param id stable id, unique in the book; never derived from a name
 * @param attributes free attributes, kept sorted by name (natural order) so that encoding is
 *     deterministic
 */
public record ContactDto(
    String id,
    String displayName,
    String givenName,
    String familyName,
    List<String> emails,
    List<PhoneDto> phones,
    String organisation,
    String department,
    String title,
    String manager,
    String officeLocation,
    Map<String, String> attributes) {

  public ContactDto {
    emails = List.copyOf(emails == null ? List.of() : emails);
    phones = List.copyOf(phones == null ? List.of() : phones);
    // a fresh natural-order map: a caller's map may be sorted by another comparator
    SortedMap<String, String> sorted = new TreeMap<>();
    sorted.putAll(attributes == null ? Map.of() : attributes);
    attributes = Collections.unmodifiableSortedMap(sorted);
  }

  /** The same contact under another id. */
  public ContactDto withId(String newId) {
    return new ContactDto(
        newId,
        displayName,
        givenName,
        familyName,
        emails,
        phones,
        organisation,
        department,
        title,
        manager,
        officeLocation,
        attributes);
  }
}
