package org.peerbook.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import ezvcard.VCardVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

class VcardContactsTest {

  @ParameterizedTest
  @EnumSource(
      value = VCardVersion.class,
      names = {"V3_0", "V4_0"})
  void readsBackWhatItWrites(VCardVersion version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VcardContactWriter writer = new VcardContactWriter(out, version);
    Samples.ALL.forEach(writer::write);
    writer.flush();
    String file = out.toString(StandardCharsets.UTF_8);
    assertThat(file).contains("VERSION:" + version.getVersion()).contains("FN:王小明");

    assertThat(read(file)).containsExactlyElementsOf(Samples.ALL);
  }

  @Test
  void readsACardAsAPhoneWritesItInVersion3() {
    String card =
        "BEGIN:VCARD\r\n"
            + "VERSION:3.0\r\n"
            + "UID:phone-1\r\n"
            + "FN:Anna Schmidt\r\n"
            + "N:Schmidt;Anna;;;\r\n"
            + "EMAIL;TYPE=INTERNET,WORK:anna@example.de\r\n"
            + "TEL;TYPE=CELL,VOICE:+49 170 1234\r\n"
            + "TEL;TYPE=VOICE:+49 30 5678\r\n"
            + "TEL;TYPE=HOME:+49 30 9\r\n"
            + "ORG:Beispiel GmbH;Einkauf\r\n"
            + "TITLE:Leiterin\r\n"
            + "NOTE:skipped\r\n"
            + "PHOTO;VALUE=uri:http://example.com/a.jpg\r\n"
            + "END:VCARD\r\n";

    ContactDto anna = read(card).get(0);

    assertThat(anna.id()).isEqualTo("phone-1");
    assertThat(anna.displayName()).isEqualTo("Anna Schmidt");
    assertThat(anna.givenName()).isEqualTo("Anna");
    assertThat(anna.familyName()).isEqualTo("Schmidt");
    assertThat(anna.emails()).containsExactly("anna@example.de");
    assertThat(anna.phones())
        .containsExactly(
            new PhoneDto("mobile", "+49 170 1234"),
            new PhoneDto("work", "+49 30 5678"),
            new PhoneDto("home", "+49 30 9"));
    assertThat(anna.organisation()).isEqualTo("Beispiel GmbH");
    assertThat(anna.department()).isEqualTo("Einkauf");
    assertThat(anna.title()).isEqualTo("Leiterin");
  }

  @Test
  void readsVersion4WithTelUrisAndFoldedLines() {
    String card =
        "\uFEFFBEGIN:VCARD\r\n"
            + "VERSION:4.0\r\n"
            + "FN:陈\r\n"
            + " 静\r\n"
            + "TEL;VALUE=uri;TYPE=\"work,voice\":tel:+86-10-1234\r\n"
            + "END:VCARD\r\n";

    ContactDto chen = read(card).get(0);

    assertThat(chen.id()).as("no UID: the server assigns one").isNull();
    assertThat(chen.displayName()).isEqualTo("陈静");
    assertThat(chen.phones()).containsExactly(new PhoneDto("work", "+86-10-1234"));
  }

  /** As Outlook's "Save as vCard" writes it: 2.1, quoted-printable UTF-8, CRLF, TEL;CELL;VOICE. */
  @Test
  void readsOutlooksVcard21WithQuotedPrintableNames() {
    String file =
        "BEGIN:VCARD\r\n"
            + "VERSION:2.1\r\n"
            + "N;LANGUAGE=de;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
            + "FN;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
            + "ORG:Contoso;Vertrieb\r\n"
            + "TITLE:Leiter Vertrieb\r\n"
            + "TEL;WORK;VOICE:+49 30 1234567\r\n"
            + "TEL;CELL;VOICE:+49 170 7654321\r\n"
            + "EMAIL;PREF;INTERNET:j.mueller@contoso.example\r\n"
            + "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\n"
            + "REV:20261201T101500Z\r\n"
            + "END:VCARD\r\n";

    ContactDto contact = read(file).get(0);

    assertThat(contact.displayName()).isEqualTo("Jürgen Müller");
    assertThat(contact.givenName()).isEqualTo("Jürgen");
    assertThat(contact.familyName()).isEqualTo("Müller");
    assertThat(contact.emails()).containsExactly("j.mueller@contoso.example");
    assertThat(contact.phones())
        .extracting(PhoneDto::type, PhoneDto::number)
        .containsExactly(tuple("work", "+49 30 1234567"), tuple("mobile", "+49 170 7654321"));
    assertThat(contact.title()).isEqualTo("Leiter Vertrieb");
  }

  /** Outlook in a Western locale: 2.1 with raw Windows-1252 bytes, not UTF-8. */
  @Test
  void readsAVcard21FileInWindows1252() {
    String card =
        "BEGIN:VCARD\r\n"
            + "VERSION:2.1\r\n"
            + "N;CHARSET=Windows-1252:Ørsted;Zoë\r\n"
            + "FN;CHARSET=Windows-1252:Zoë Ørsted – Café\r\n"
            + "END:VCARD\r\n";
    byte[] bytes = card.getBytes(java.nio.charset.Charset.forName("windows-1252"));

    List<ContactDto> contacts = VcardContacts.read(new ByteArrayInputStream(bytes), 10);

    assertThat(contacts.get(0).displayName()).isEqualTo("Zoë Ørsted – Café");
    assertThat(contacts.get(0).familyName()).isEqualTo("Ørsted");
  }

  /** A 3.0 or 4.0 card is UTF-8 by its standard: other bytes are refused where they are. */
  @Test
  void refusesAVcard3FileThatIsNotUtf8() {
    String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n";
    byte[] bytes = card.getBytes(java.nio.charset.Charset.forName("windows-1252"));

    InvalidFileException refused =
        catchThrowableOfType(
            InvalidFileException.class,
            () -> VcardContacts.read(new ByteArrayInputStream(bytes), 10));

    assertThat(refused.problems())
        .extracting(RowProblem::line, RowProblem::why)
        .containsExactly(tuple(3L, "unreadable from here: the file is not UTF-8"));
  }

  /** As Apple Contacts exports: 3.0, grouped properties (item1.), CJK and Arabic names. */
  @Test
  void readsApplesGroupedPropertiesAndNamesInAnyScript() {
    String file =
        "BEGIN:VCARD\r\n"
            + "VERSION:3.0\r\n"
            + "PRODID:-//Apple Inc.//macOS 15.1//EN\r\n"
            + "N:王;小明;;;\r\n"
            + "FN:王小明\r\n"
            + "ORG:Contoso;研发;\r\n"
            + "item1.EMAIL;type=INTERNET;type=pref:xiaoming.wang@contoso.example\r\n"
            + "item1.X-ABLabel:_$!<Other>!$_\r\n"
            + "TEL;type=CELL;type=VOICE;type=pref:+86 10 1234 5678\r\n"
            + "END:VCARD\r\n"
            + "BEGIN:VCARD\r\n"
            + "VERSION:3.0\r\n"
            + "N:الحسن;ليلى;;;\r\n"
            + "FN:ليلى الحسن\r\n"
            + "END:VCARD\r\n";

    List<ContactDto> contacts = read(file);

    assertThat(contacts.get(0).displayName()).isEqualTo("王小明");
    assertThat(contacts.get(0).familyName()).isEqualTo("王");
    assertThat(contacts.get(0).emails()).containsExactly("xiaoming.wang@contoso.example");
    assertThat(contacts.get(0).phones()).extracting(PhoneDto::type).containsExactly("mobile");
    assertThat(contacts.get(1).displayName()).isEqualTo("ليلى الحسن");
  }

  @Test
  void listsEveryBadCardByTheLineItStartsOn() {
    String file =
        "BEGIN:VCARD\n" // 1
            + "VERSION:3.0\n"
            + "FN:Good\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n" // 5: no FN
            + "VERSION:3.0\n"
            + "EMAIL:a@example.com\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n" // 9: bad e-mail
            + "VERSION:4.0\n"
            + "FN:Bad mail\n"
            + "EMAIL:nobody\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n" // 14: version 5.0
            + "VERSION:5.0\n"
            + "FN:Future\n"
            + "END:VCARD\n"
            + "stray text\n" // 18
            + "BEGIN:VCARD\n" // 19: no version
            + "FN:No version\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n" // 22: attribute without name
            + "VERSION:3.0\n"
            + "FN:Attr\n"
            + "X-PEERBOOK-ATTRIBUTE:x\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n" // 27: never closed
            + "VERSION:3.0\n"
            + "FN:Open\n";

    InvalidFileException refused =
        catchThrowableOfType(InvalidFileException.class, () -> read(file));

    assertThat(refused.problems())
        .extracting(RowProblem::line, RowProblem::field)
        .containsExactly(
            tuple(5L, "FN"),
            tuple(9L, "EMAIL"),
            tuple(14L, "VERSION"),
            tuple(18L, null),
            tuple(19L, "VERSION"),
            tuple(22L, "X-PEERBOOK-ATTRIBUTE"),
            tuple(27L, null));
    assertThat(refused.problems())
        .extracting(RowProblem::why)
        .contains(
            "the card is not closed by END:VCARD", "text outside a card (expected BEGIN:VCARD)");
  }

  @Test
  void refusesTheSameUidTwiceAndAnEmptyFile() {
    String twice =
        "BEGIN:VCARD\nVERSION:3.0\nUID:u1\nFN:A\nEND:VCARD\n"
            + "BEGIN:VCARD\nVERSION:3.0\nUID:u1\nFN:B\nEND:VCARD\n";

    assertThat(catchThrowableOfType(InvalidFileException.class, () -> read(twice)).problems())
        .extracting(RowProblem::line, RowProblem::field)
        .containsExactly(tuple(6L, "UID"));
    assertThat(catchThrowableOfType(InvalidFileException.class, () -> read("\n")).problems())
        .extracting(RowProblem::why)
        .containsExactly("the file holds no contact");
  }

  private static List<ContactDto> read(String file) {
    return VcardContacts.read(
        new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), 1000);
  }
}
