package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/**
 * Contacts as inetOrgPerson entries, {@code uid=<contact id>,<base DN>}: the id is the one name of
 * a contact that never changes, so a client that kept an entry's DN finds it again after a rename.
 *
 * <p>{@code cn} is the display name (else given and family name, else the id); {@code sn}, which
 * the person class requires, is the family name or else the whole {@code cn}, since splitting a
 * name into words guesses wrong for many names. Phones go to {@code mobile}, {@code homePhone},
 * {@code facsimileTelephoneNumber} or {@code pager} by type, all others to {@code telephoneNumber}.
 * The office goes to both {@code l} and {@code physicalDeliveryOfficeName} (the first is what
 * Thunderbird shows, the second what Outlook does). {@code manager} holds what the book holds: a DN
 * when the book's source gave one, else text such as a name.
 */
final class ContactEntries {
  private static final String[] PERSON = {"top", "person", "organizationalPerson", "inetOrgPerson"};
  private static final Map<String, String> PHONE_ATTRIBUTES =
      Map.of(
          "mobile", "mobile",
          "cell", "mobile",
          "home", "homePhone",
          "fax", "facsimileTelephoneNumber",
          "pager", "pager");

  private final DN base;

  ContactEntries(DN base) {
    this.base = base;
  }

  DN base() {
    return base;
  }

  DN dnOf(String contactId) {
    return new DN(new RDN("uid", contactId), base);
  }

  /** The contact id a DN names, if it names an entry right under the base. */
  Optional<String> idOf(DN dn) {
    RDN rdn = dn.getRDN();
    if (rdn == null
        || !base.equals(dn.getParent())
        || rdn.getAttributeNames().length != 1
        || !rdn.getAttributeNames()[0].equalsIgnoreCase("uid")) {
      return Optional.empty();
    }
    return Optional.of(rdn.getAttributeValues()[0]);
  }

  Entry entryOf(ContactDto contact) {
    return entryOf(contact, NeededAttributes.ALL);
  }

  /** The contact's entry with only the attributes {@code needed} (each under its name here). */
  Entry entryOf(ContactDto contact, NeededAttributes needed) {
    Values values = new Values(needed);
    values.add("objectClass", PERSON);
    values.add("uid", contact.id());
    String cn = commonName(contact);
    values.add("cn", cn);
    values.add("sn", present(contact.familyName()) ? contact.familyName() : cn);
    values.add("givenName", contact.givenName());
    values.add("displayName", contact.displayName());
    contact.emails().forEach(email -> values.add("mail", email));
    for (PhoneDto phone : contact.phones()) {
      String type = phone.type() == null ? "" : phone.type().toLowerCase(Locale.ROOT);
      values.add(PHONE_ATTRIBUTES.getOrDefault(type, "telephoneNumber"), phone.number());
    }
    values.add("o", contact.organisation());
    values.add("ou", contact.department());
    values.add("title", contact.title());
    values.add("manager", contact.manager());
    values.add("l", contact.officeLocation());
    values.add("physicalDeliveryOfficeName", contact.officeLocation());
    List<Attribute> attributes = new ArrayList<>();
    values.byName.forEach((name, list) -> attributes.add(new Attribute(name, list)));
    return new Entry(dnOf(contact.id()), attributes);
  }

  /** The base entry: an organizational unit, organization or domain, as its RDN says. */
  Entry baseEntry() {
    Entry entry = new Entry(base);
    RDN rdn = base.getRDN();
    String type = rdn == null ? "" : rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT);
    String objectClass =
        switch (type) {
          case "ou" -> "organizationalUnit";
          case "o" -> "organization";
          case "dc" -> "domain";
          default -> "extensibleObject";
        };
    entry.addAttribute("objectClass", "top", objectClass);
    if (rdn != null) {
      for (int i = 0; i < rdn.getAttributeNames().length; i++) {
        entry.addAttribute(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]);
      }
    }
    return entry;
  }

  /** The root DSE, so that clients that look for the naming context find the base. */
  Entry rootDse() {
    Entry entry = new Entry(DN.NULL_DN);
    entry.addAttribute("objectClass", "top");
    entry.addAttribute("namingContexts", base.toString());
    entry.addAttribute("supportedLDAPVersion", "3");
    entry.addAttribute(
        "supportedControl", PagedResults.OID, SortedView.SORT_OID, SortedView.VLV_OID);
    entry.addAttribute("vendorName", "PeerBook");
    return entry;
  }

  private static String commonName(ContactDto contact) {
    if (present(contact.displayName())) {
      return contact.displayName();
    }
    String names =
        ((present(contact.givenName()) ? contact.givenName() : "")
                + " "
                + (present(contact.familyName()) ? contact.familyName() : ""))
            .strip();
    return names.isEmpty() ? contact.id() : names;
  }

  /** An entry's values by attribute, in the order added, each value once. */
  private static final class Values {
    private final NeededAttributes needed;
    private final Map<String, List<String>> byName = new LinkedHashMap<>();

    Values(NeededAttributes needed) {
      this.needed = needed;
    }

    void add(String name, String... texts) {
      if (!needed.includes(name)) {
        return;
      }
      for (String text : texts) {
        if (present(text)) {
          List<String> list = byName.computeIfAbsent(name, n -> new ArrayList<>(1));
          if (!list.contains(text)) {
            list.add(text);
          }
        }
      }
    }
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }
}
