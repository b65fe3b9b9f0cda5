package org.peerbook.exchange.control;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Uid;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** Writes contacts as vCards, one at a time, in UTF-8; {@link VcardContacts} reads them back. */
public final class VcardContactWriter {
  private final VCardWriter writer;

  public VcardContactWriter(OutputStream out, VCardVersion version) {
    // a Writer, not the stream: ez-vcard would write 3.0 in the platform's charset
    writer = new VCardWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), version);
    writer.setAddProdId(false);
  }

  public void write(ContactDto contact) {
    VCard card = new VCard();
    card.setUid(new Uid(contact.id()));
    card.setFormattedName(contact.displayName());
    if (contact.givenName() != null || contact.familyName() != null) {
      StructuredName name = new StructuredName();
      name.setGiven(contact.givenName());
      name.setFamily(contact.familyName());
      card.setStructuredName(name);
    }
    contact.emails().forEach(email -> card.addEmail(email));
    for (PhoneDto phone : contact.phones()) {
      Telephone telephone = new Telephone(phone.number());
      String type =
          phone.type().equals(VcardFields.MOBILE) ? VcardFields.VCARD_MOBILE : phone.type();
      telephone.getTypes().add(TelephoneType.get(type));
      card.addTelephoneNumber(telephone);
    }
    if (contact.department() != null) {
      // ORG is organisation;unit: an empty organisation keeps the department in its place
      card.setOrganization(
          contact.organisation() == null ? "" : contact.organisation(), contact.department());
    } else if (contact.organisation() != null) {
      card.setOrganization(contact.organisation());
    }
    if (contact.title() != null) {
      card.addTitle(contact.title());
    }
    if (contact.manager() != null) {
      card.addExtendedProperty(VcardFields.MANAGER, contact.manager());
    }
    if (contact.officeLocation() != null) {
      card.addExtendedProperty(VcardFields.OFFICE, contact.officeLocation());
    }
    contact
        .attributes()
        .forEach(
            (name, value) ->
                card.addExtendedProperty(VcardFields.ATTRIBUTE, value)
                    .addParameter(VcardFields.ATTRIBUTE_NAME, name));
    try {
      writer.write(card);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends what is buffered, so that a long export reaches the client as it is made. */
  public void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
