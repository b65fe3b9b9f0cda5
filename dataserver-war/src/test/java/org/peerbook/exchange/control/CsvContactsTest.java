package org.peerbook.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.PhoneDto;

class CsvContactsTest {

  @ParameterizedTest(name = "byte order mark: {0}")
  @ValueSource(booleans = {true, false})
  void readsBackWhatItWritesWithOrWithoutAByteOrderMark(boolean bom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvContactWriter writer =
        new CsvContactWriter(out, List.of("costCentre", "external.hr", "note"), bom);
    Samples.ALL.forEach(writer::write);
    writer.flush();
    byte[] file = out.toByteArray();
    assertThat(file[0] == (byte) 0xEF).isEqualTo(bom);

    assertThat(read(file)).containsExactlyElementsOf(Samples.ALL);
  }

  @Test
  void writesSemicolonsForExcelInEuropeanLocalesAndReadsThemBack() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvContactWriter writer =
        new CsvContactWriter(out, List.of("costCentre", "external.hr", "note"), true, ';');
    Samples.ALL.forEach(writer::write);
    writer.flush();
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(text).startsWith(CsvContactWriter.BOM + "id;displayName;givenName;");
    assertThat(read(out.toByteArray())).containsExactlyElementsOf(Samples.ALL);
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
    String csv =
        "displayName,title,officeLocation\r\n"
            + "\"Doe, Jane\",\"says \"\"hi\"\"\",\"Floor 2, Room 5\"\r\n"
            + "Bob,,\n";

    List<ContactDto> contacts = read(csv);

    assertThat(contacts).hasSize(2);
    assertThat(contacts.get(0).displayName()).isEqualTo("Doe, Jane");
    assertThat(contacts.get(0).title()).isEqualTo("says \"hi\"");
    assertThat(contacts.get(0).officeLocation()).isEqualTo("Floor 2, Room 5");
    assertThat(contacts.get(1).title()).isNull();
  }

  @Test
  void reportsTheLineARowStartsOnAfterAFieldSpanningLines() {
    String csv =
        "displayName,title\r\n" + "\"Multi\r\nline\",x\r\n" + "Ok,y\r\n" + "Bad,y,extra\r\n";

    InvalidFileException refused = refused(csv);

    assertThat(refused.problems())
        .extracting(RowProblem::line, RowProblem::field)
        .containsExactly(tuple(2L, "displayName"), tuple(5L, null));
    assertThat(refused.problems().get(0).why()).contains("control character");
    assertThat(refused.problems().get(1).why()).isEqualTo("has 3 fields, the header has 2");
  }

  @Test
  void readsUnicodeNamesAndSplitsEmailsAndPhones() {
    String csv =
        "\uFEFFdisplayName,emails,phones\n"
            + "李雷,li@example.cn; lei@example.cn,Work:+86 10 1; mobile: +86 139 2;+86 21 3\n"
            + "Ðörte Ünal 👩‍💻,d@example.com d2@example.com,\n";

    List<ContactDto> contacts = read(csv);

    assertThat(contacts.get(0).displayName()).isEqualTo("李雷");
    assertThat(contacts.get(0).emails()).containsExactly("li@example.cn", "lei@example.cn");
    assertThat(contacts.get(0).phones())
        .containsExactly(
            new PhoneDto("work", "+86 10 1"),
            new PhoneDto("mobile", "+86 139 2"),
            new PhoneDto("work", "+86 21 3"));
    assertThat(contacts.get(1).displayName()).isEqualTo("Ðörte Ünal 👩‍💻");
    assertThat(contacts.get(1).emails()).containsExactly("d@example.com", "d2@example.com");
    assertThat(contacts.get(1).id()).isNull();
  }

  @Test
  void mapsAnotherSystemsColumnNames() {
    String csv = "Personnel no,Full name,Mail,Cost centre\n" + "hr-7,Ann,ann@example.com,4711\n";
    CsvColumns columns =
        CsvColumns.mapping(
            Map.of(
                "id", "Personnel no",
                "displayName", "Full name",
                "emails", "Mail",
                "attr.costCentre", "Cost centre"));

    ContactDto ann = CsvContacts.read(in(csv), columns, false, 10).get(0);

    assertThat(ann.id()).isEqualTo("hr-7");
    assertThat(ann.displayName()).isEqualTo("Ann");
    assertThat(ann.emails()).containsExactly("ann@example.com");
    assertThat(ann.attributes()).containsEntry("costCentre", "4711");
  }

  @Test
  void refusesUnknownColumnsUnlessToldToIgnoreThem() {
    String csv = "displayName,Shoe size\nAnn,38\n";

    InvalidFileException refused = refused(csv);
    assertThat(refused.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(1);
              assertThat(p.field()).isEqualTo("Shoe size");
              assertThat(p.why()).contains("column.<field>=Shoe size");
            });

    assertThat(CsvContacts.read(in(csv), CsvColumns.defaults(), true, 10))
        .extracting(ContactDto::displayName)
        .containsExactly("Ann");
  }

  @Test
  void refusesAMappingToNoField() {
    assertThatThrownBy(() -> CsvColumns.mapping(Map.of("shoeSize", "Shoe size")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("column.shoeSize");
  }

  @Test
  void listsEveryBadRowWithLineFieldAndReason() {
    String csv =
        "id,displayName,emails,phones\n"
            + "a,Good,,\n"
            + "b,,x@example.com,\n"
            + "c,Bad mail,not-a-mail,\n"
            + "d,Bad phone,,work:call me\n"
            + "a,Twice,,\n"
            + "bad id!,Bad id,,\n"
            + "e,Too few\n"
            + "f,Fine,,\n";

    InvalidFileException refused = refused(csv);

    assertThat(refused.problems())
        .extracting(RowProblem::line, RowProblem::field)
        .containsExactly(
            tuple(3L, "displayName"),
            tuple(4L, "emails"),
            tuple(5L, "phones"),
            tuple(6L, "id"),
            tuple(7L, "id"),
            tuple(8L, null));
    assertThat(refused.problems().get(0).why()).contains("displayName is required");
    assertThat(refused.problems().get(1).why()).contains("emails[0] is not an e-mail");
    assertThat(refused.problems().get(2).why()).contains("phones[0].number");
    assertThat(refused.problems().get(3).why()).contains("first on line 2");
    assertThat(refused.getMessage()).startsWith("6 problems in the file, nothing imported");
  }

  @Test
  void refusesAnAttributeColumnThatNoAttributeCanHave() {
    assertThat(refused("displayName,attr.cost centre\nAnn,1\n").problems())
        .extracting(RowProblem::line, RowProblem::field)
        .containsExactly(tuple(1L, "attr.cost centre"));
  }

  @Test
  void refusesAFileWithoutADisplayNameColumn() {
    assertThat(refused("givenName\nAnn\n").problems())
        .extracting(RowProblem::why)
        .containsExactly("the header has no column for displayName");
  }

  @Test
  void refusesDuplicateAndNamelessColumns() {
    assertThat(refused("displayName,displayName,\nA,B,C\n").problems())
        .extracting(RowProblem::field, RowProblem::why)
        .containsExactly(
            tuple("displayName", "holds displayName as column displayName does"),
            tuple(null, "column 3 has no name"));
  }

  @Test
  void refusesAnUnclosedQuote() {
    InvalidFileException refused = refused("displayName\nAnn\n\"Bob\n");

    assertThat(refused.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.why()).startsWith("unreadable from here");
            });
  }

  /** Excel's plain "CSV" in a German or French locale: Windows-1252, cells split by ";". */
  @Test
  void readsExcelsSemicolonSeparatedWindows1252File() {
    byte[] excel =
        ("displayName;emails;department\r\n"
                + "Jürgen Müller;j.mueller@example.com;Vertrieb\r\n"
                + "\"Zoë; Café\";zoe@example.com;Ventes – Europe\r\n")
            .getBytes(java.nio.charset.Charset.forName("windows-1252"));

    List<ContactDto> contacts = read(excel);

    assertThat(contacts)
        .extracting(ContactDto::displayName, ContactDto::department)
        .containsExactly(tuple("Jürgen Müller", "Vertrieb"), tuple("Zoë; Café", "Ventes – Europe"));
  }

  /** Excel's "CSV UTF-8" with ";": a BOM, UTF-8, and a comma inside a cell stays in the cell. */
  @Test
  void readsASemicolonSeparatedUtf8FileWithCommasInCells() {
    List<ContactDto> contacts = read("\uFEFFdisplayName;title\r\n王小明;Leiter, Vertrieb\r\n");

    assertThat(contacts)
        .extracting(ContactDto::displayName, ContactDto::title)
        .containsExactly(tuple("王小明", "Leiter, Vertrieb"));
  }

  @Test
  void refusesAnEmptyFileAndAFileWithOnlyAHeader() {
    assertThat(refused("").problems())
        .extracting(RowProblem::why)
        .containsExactly("the file has no header row");
    assertThat(refused("displayName\r\n").problems())
        .extracting(RowProblem::why)
        .containsExactly("the file holds no contact");
  }

  @Test
  void refusesMoreContactsThanTheBound() {
    InvalidFileException refused =
        catchThrowableOfType(
            InvalidFileException.class,
            () -> CsvContacts.read(in("displayName\nA\nB\nC\n"), CsvColumns.defaults(), false, 2));

    assertThat(refused.problems())
        .extracting(RowProblem::line, RowProblem::why)
        .containsExactly(tuple(4L, "the file holds more than 2 contacts"));
  }

  @Test
  void skipsBlankLines() {
    assertThat(read("displayName\r\n\r\nAnn\r\n\r\n"))
        .extracting(ContactDto::displayName)
        .containsExactly("Ann");
  }

  private static List<ContactDto> read(String csv) {
    return read(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static List<ContactDto> read(byte[] csv) {
    return CsvContacts.read(new ByteArrayInputStream(csv), CsvColumns.defaults(), false, 1000);
  }

  private static InvalidFileException refused(String csv) {
    return refused(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static InvalidFileException refused(byte[] csv) {
    return catchThrowableOfType(InvalidFileException.class, () -> read(csv));
  }

  private static InputStream in(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }
}
