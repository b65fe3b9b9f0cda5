package org.peerbook.exchange.control;

import ezvcard.VCard;
import ezvcard.io.ParseWarning;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Email;
import ezvcard.property.Organization;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/**
 * Reads contacts from a vCard 2.1, 3.0 or 4.0 file in UTF-8 (with or without BOM). A file of 2.1
 * cards only that is not UTF-8 is read as Windows-1252: what Outlook's "Save as vCard" writes in
 * Western locales ({@code CHARSET=Windows-1252}); its quoted-printable values are decoded by their
 * own {@code CHARSET}. The file is cut into cards at BEGIN:VCARD and END:VCARD here, so that each
 * problem names the line its card starts on; ez-vcard parses each card. Properties without a
 * contact field (PHOTO, ADR, NOTE, ...) are skipped.
 */
public final class VcardContacts {
  private static final Pattern BEGIN = Pattern.compile("(?i)BEGIN\\s*:\\s*VCARD\\s*");
  private static final Pattern END = Pattern.compile("(?i)END\\s*:\\s*VCARD\\s*");
  private static final Pattern VERSION = Pattern.compile("(?i)VERSION\\s*:\\s*(\\S*)\\s*");
  private static final Set<String> VERSIONS = Set.of("2.1", "3.0", "4.0");

  private VcardContacts() {}

  /**
   * @throws InvalidFileException listing every bad card; nothing is returned then
   */
  public static List<ContactDto> read(InputStream in, int maxContacts) {
    ImportedContacts imported = new ImportedContacts(maxContacts, VcardFields::propertyOf);
    byte[] file = ImportedBytes.read(in);
    Charset charset = charsetOf(file);
    // the lines before the first byte the charset cannot read are read; that line is reported
    int unreadable = ImportedBytes.firstUnreadable(file, charset);
    int readable = unreadable < 0 ? file.length : lineStart(file, unreadable);
    BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(file, 0, readable), charset));
    long lineNumber = 0;
    long cardStart = 0;
    StringBuilder card = null;
    boolean strayReported = false;
    try {
      String line;
      while (imported.reading() && (line = lines.readLine()) != null) {
        lineNumber++;
        if (card == null) {
          if (BEGIN.matcher(line).matches()) {
            card = new StringBuilder(line).append("\r\n");
            cardStart = lineNumber;
            strayReported = false;
          } else if (!line.isBlank() && !strayReported) {
            imported.problem(lineNumber, null, "text outside a card (expected BEGIN:VCARD)");
            strayReported = true;
          }
        } else {
          card.append(line).append("\r\n");
          if (END.matcher(line).matches()) {
            if (imported.row(cardStart)) {
              readCard(card.toString(), cardStart, imported);
            }
            card = null;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (unreadable >= 0 && imported.reading()) {
      imported.problem(
          lineNumber + 1,
          null,
          "unreadable from here: the file is not "
              + (charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : "UTF-8 nor Windows-1252"));
    } else if (card != null && imported.reading()) {
      imported.problem(cardStart, null, "the card is not closed by END:VCARD");
    }
    return imported.contacts();
  }

  /** Where the line holding byte {@code offset} begins. */
  private static int lineStart(byte[] file, int offset) {
    int start = offset;
    while (start > 0 && file[start - 1] != '\n') {
      start--;
    }
    return start;
  }

  /**
   * UTF-8 if the file is; otherwise Windows-1252 if it holds vCard 2.1 cards only (Outlook), and
   * UTF-8 still if not, so that the first byte that is not UTF-8 is reported where it is.
   */
  private static Charset charsetOf(byte[] file) {
    if (ImportedBytes.isUtf8(file)) {
      return StandardCharsets.UTF_8;
    }
    // VERSION lines are ASCII in every charset a vCard may come in
    List<String> versions = new ArrayList<>();
    for (String line : new String(file, StandardCharsets.ISO_8859_1).split("\r?\n")) {
      var matcher = VERSION.matcher(line);
      if (matcher.matches()) {
        versions.add(matcher.group(1));
      }
    }
    boolean onlyVersion21 = !versions.isEmpty() && versions.stream().allMatch("2.1"::equals);
    return onlyVersion21 ? ImportedBytes.WINDOWS_1252 : StandardCharsets.UTF_8;
  }

  private static void readCard(String text, long line, ImportedContacts imported) {
    String version = version(text);
    if (version == null || !VERSIONS.contains(version)) {
      imported.problem(
          line,
          "VERSION",
          version == null
              ? "the card has no VERSION (2.1, 3.0 or 4.0)"
              : "version " + version + " is not supported (2.1, 3.0 or 4.0)");
      return;
    }
    VCard vcard;
    List<ParseWarning> warnings;
    try (VCardReader reader = new VCardReader(text)) {
      vcard = reader.readNext();
      warnings = reader.getWarnings();
    } catch (IOException | RuntimeException e) {
      imported.problem(line, null, "unreadable card: " + e.getMessage());
      return;
    }
    if (vcard == null) {
      imported.problem(line, null, "unreadable card");
      return;
    }
    for (ParseWarning warning : warnings) {
      // a property ez-vcard could not read is a field we would silently lose
      if (warning.getPropertyName() != null && isOurs(warning.getPropertyName())) {
        imported.problem(
            line + (warning.getLineNumber() == null ? 0 : warning.getLineNumber() - 1),
            warning.getPropertyName().toUpperCase(Locale.ROOT),
            warning.getMessage());
      }
    }
    ContactDto contact = toContact(vcard, line, imported);
    if (contact != null) {
      imported.add(line, contact);
    }
  }

  private static ContactDto toContact(VCard vcard, long line, ImportedContacts imported) {
    StructuredName name = vcard.getStructuredName();
    Organization organization = vcard.getOrganization();
    List<String> units = organization == null ? List.of() : organization.getValues();
    List<PhoneDto> phones = new ArrayList<>();
    for (Telephone telephone : vcard.getTelephoneNumbers()) {
      String number =
          telephone.getText() != null
              ? telephone.getText()
              : telephone.getUri() == null ? null : telephone.getUri().getNumber();
      phones.add(new PhoneDto(phoneType(telephone.getTypes()), number));
    }
    Map<String, String> attributes = new TreeMap<>();
    for (RawProperty attribute : vcard.getExtendedProperties(VcardFields.ATTRIBUTE)) {
      String attributeName = attribute.getParameter(VcardFields.ATTRIBUTE_NAME);
      if (attributeName == null) {
        imported.problem(
            line, VcardFields.ATTRIBUTE, "has no " + VcardFields.ATTRIBUTE_NAME + " parameter");
        return null;
      }
      attributes.put(attributeName, attribute.getValue());
    }
    return new ContactDto(
        vcard.getUid() == null ? null : blankToNull(vcard.getUid().getValue()),
        vcard.getFormattedName() == null ? null : blankToNull(vcard.getFormattedName().getValue()),
        name == null ? null : blankToNull(name.getGiven()),
        name == null ? null : blankToNull(name.getFamily()),
        vcard.getEmails().stream().map(Email::getValue).toList(),
        phones,
        units.isEmpty() ? null : blankToNull(units.get(0)),
        units.size() < 2 ? null : blankToNull(units.get(1)),
        vcard.getTitles().isEmpty() ? null : blankToNull(vcard.getTitles().get(0).getValue()),
        extended(vcard, VcardFields.MANAGER),
        extended(vcard, VcardFields.OFFICE),
        attributes);
  }

  /** The first TYPE that says what the number is for; {@code voice} and {@code pref} say not. */
  private static String phoneType(List<TelephoneType> types) {
    for (TelephoneType type : types) {
      String value = type.getValue().toLowerCase(Locale.ROOT);
      if (!value.equals("voice") && !value.equals("pref")) {
        return value.equals(VcardFields.VCARD_MOBILE) ? VcardFields.MOBILE : value;
      }
    }
    return CsvContacts.DEFAULT_PHONE_TYPE;
  }

  private static String extended(VCard vcard, String property) {
    RawProperty raw = vcard.getExtendedProperty(property);
    return raw == null ? null : blankToNull(raw.getValue());
  }

  private static boolean isOurs(String property) {
    String name = property.toUpperCase(Locale.ROOT);
    return List.of("UID", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE").contains(name)
        || name.startsWith("X-PEERBOOK-");
  }

  private static String version(String card) {
    for (String line : card.split("\r\n")) {
      var matcher = VERSION.matcher(line);
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    return null;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
