package org.peerbook.book.control;

import java.util.List;
import org.peerbook.book.entity.Contact;
import org.peerbook.book.entity.PhoneNumber;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** Between the stored contact and its wire form; the round trip is exact (hashes depend on it). */
public final class ContactMapping {
  private ContactMapping() {}

  public static ContactDto toDto(Contact contact) {
    List<PhoneDto> phones =
        contact.phones().stream().map(p -> new PhoneDto(p.type(), p.number())).toList();
    return new ContactDto(
        contact.id(),
        contact.displayName(),
        contact.givenName(),
        contact.familyName(),
        List.copyOf(contact.emails()),
        phones,
        contact.organisation(),
        contact.department(),
        contact.title(),
        contact.manager(),
        contact.officeLocation(),
        contact.attributes());
  }

  /** Whether writing {@code dto} over {@code contact} changes its e-mails or phones. */
  static boolean changesLists(ContactDto dto, Contact contact) {
    List<PhoneDto> phones =
        contact.phones().stream().map(p -> new PhoneDto(p.type(), p.number())).toList();
    return !dto.emails().equals(contact.emails()) || !dto.phones().equals(phones);
  }

  public static void write(ContactDto dto, Contact contact, long version) {
    contact.overwrite(
        dto.displayName(),
        dto.givenName(),
        dto.familyName(),
        dto.organisation(),
        dto.department(),
        dto.title(),
        dto.manager(),
        dto.officeLocation(),
        dto.emails(),
        dto.phones().stream().map(p -> new PhoneNumber(p.type(), p.number())).toList(),
        dto.attributes(),
        version);
  }
}
