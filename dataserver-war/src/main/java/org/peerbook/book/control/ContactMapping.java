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

  /**
   * Whether writing {@code dto} over {@code contact} changes an e-mail or phone at a position that
   * is taken now, rather than only appending after the existing ones.
   */
  static boolean movesListItems(ContactDto dto, Contact contact) {
    List<PhoneDto> phones =
        contact.phones().stream().map(p -> new PhoneDto(p.type(), p.number())).toList();
    return !startsWith(dto.emails(), contact.emails()) || !startsWith(dto.phones(), phones);
  }

  private static <T> boolean startsWith(List<T> list, List<T> prefix) {
    return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
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
