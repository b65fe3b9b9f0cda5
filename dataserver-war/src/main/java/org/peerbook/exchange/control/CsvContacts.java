package org.peerbook.exchange.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/**
 * Reads contacts from RFC 4180 CSV as Excel writes it in any locale: UTF-8 (a byte order mark is
 * skipped), or Windows-1252 when the file is not UTF-8 (Excel's plain "CSV" in Western locales);
 * cells separated by {@code ,}, or by {@code ;} when the header row has more of those (Excel where
 * the decimal separator is a comma). A header row names the columns, each further row is a contact.
 * An empty cell is an absent field. {@code emails} holds addresses separated by {@code ;} or
 * spaces; {@code phones} holds {@code type:number} entries separated by {@code ;} (a number without
 * a type is {@code work}).
 */
public final class CsvContacts {
  static final String DEFAULT_PHONE_TYPE = "work";
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  private CsvContacts() {}

  /**
   * @param ignoreUnknownColumns whether a column that holds no field is skipped rather than refused
   * @throws InvalidFileException listing every bad row; nothing is returned then
   */
  public static List<ContactDto> read(
      InputStream in, CsvColumns columns, boolean ignoreUnknownColumns, int maxContacts) {
    ImportedContacts imported =
        new ImportedContacts(maxContacts, field -> columns.columnOf(csvField(field)));
    CSVParser parser;
    try {
      byte[] file = ImportedBytes.read(in);
      // Excel's plain "CSV" in Western locales
      Charset charset =
          ImportedBytes.isUtf8(file) ? StandardCharsets.UTF_8 : ImportedBytes.WINDOWS_1252;
      Reader reader = new InputStreamReader(new ByteArrayInputStream(file), charset.newDecoder());
      parser = FORMAT.builder().setDelimiter(delimiterOf(file)).get().parse(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long nextLine = 1;
    Iterator<CSVRecord> records = parser.iterator();
    String[] fieldOfColumn = null;
    boolean headerRead = false;
    try {
      while (imported.reading() && records.hasNext()) {
        CSVRecord record = records.next();
        long line = nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        if (!headerRead) {
          headerRead = true;
          fieldOfColumn = header(record, columns, ignoreUnknownColumns, imported);
          if (fieldOfColumn == null) {
            break;
          }
        } else if (!blank(record) && imported.row(line)) {
          row(record, line, fieldOfColumn, imported);
        }
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // the lexer cannot resynchronise after a broken quote or bad UTF-8: the rest is unread
      imported.problem(nextLine, null, "unreadable from here: " + reason(e));
      return imported.contacts();
    }
    if (!headerRead) {
      imported.problem(1, null, "the file has no header row");
    }
    return imported.contacts();
  }

  /** The field of each column, or {@code null} where the header itself is refused. */
  private static String[] header(
      CSVRecord header, CsvColumns columns, boolean ignoreUnknown, ImportedContacts imported) {
    String[] fields = new String[header.size()];
    Map<String, String> columnOfField = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i).strip();
      String field = columns.fieldOf(column);
      if (column.isEmpty()) {
        imported.problem(1, null, "column " + (i + 1) + " has no name");
        ok = false;
      } else if (field == null) {
        if (!ignoreUnknown) {
          imported.problem(
              1,
              column,
              "no contact field has this column; map one to it with column.<field>="
                  + column
                  + ", or pass unknownColumns=ignore");
          ok = false;
        }
      } else if (columnOfField.putIfAbsent(field, column) != null) {
        imported.problem(
            1, column, "holds " + field + " as column " + columnOfField.get(field) + " does");
        ok = false;
      } else {
        fields[i] = field;
      }
    }
    if (!columnOfField.containsKey("displayName")) {
      imported.problem(
          1, columns.columnOf("displayName"), "the header has no column for displayName");
      ok = false;
    }
    return ok ? fields : null;
  }

  private static void row(
      CSVRecord record, long line, String[] fieldOfColumn, ImportedContacts imported) {
    if (record.size() != fieldOfColumn.length) {
      imported.problem(
          line, null, "has " + record.size() + " fields, the header has " + fieldOfColumn.length);
      return;
    }
    Map<String, String> values = new HashMap<>();
    Map<String, String> attributes = new TreeMap<>();
    for (int i = 0; i < fieldOfColumn.length; i++) {
      String field = fieldOfColumn[i];
      String value = record.get(i);
      if (field == null || value.isBlank()) {
        continue;
      }
      if (field.startsWith(CsvColumns.ATTRIBUTE_PREFIX)) {
        attributes.put(field.substring(CsvColumns.ATTRIBUTE_PREFIX.length()), value);
      } else {
        values.put(field, value);
      }
    }
    imported.add(
        line,
        new ContactDto(
            values.get("id"),
            values.get("displayName"),
            values.get("givenName"),
            values.get("familyName"),
            emails(values.get("emails")),
            phones(values.get("phones")),
            values.get("organisation"),
            values.get("department"),
            values.get("title"),
            values.get("manager"),
            values.get("officeLocation"),
            attributes));
  }

  static List<String> emails(String cell) {
    List<String> emails = new ArrayList<>();
    if (cell != null) {
      for (String email : cell.strip().split("[;\\s]+")) {
        if (!email.isEmpty()) {
          emails.add(email);
        }
      }
    }
    return emails;
  }

  static List<PhoneDto> phones(String cell) {
    List<PhoneDto> phones = new ArrayList<>();
    if (cell != null) {
      for (String entry : cell.split(";")) {
        String phone = entry.strip();
        if (phone.isEmpty()) {
          continue;
        }
        int colon = phone.indexOf(':');
        phones.add(
            colon < 0
                ? new PhoneDto(DEFAULT_PHONE_TYPE, phone)
                : new PhoneDto(
                    phone.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    phone.substring(colon + 1).strip()));
      }
    }
    return phones;
  }

  /** The CSV field of a wire path: {@code attributes.costCentre} is the column attr.costCentre. */
  private static String csvField(String wireField) {
    return wireField.startsWith("attributes.")
        ? CsvColumns.ATTRIBUTE_PREFIX + wireField.substring("attributes.".length())
        : wireField.equals("attributes") ? CsvColumns.ATTRIBUTE_PREFIX + "*" : wireField;
  }

  private static boolean blank(CSVRecord record) {
    return record.size() == 1 && record.get(0).isEmpty();
  }

  private static String reason(RuntimeException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof java.nio.charset.CharacterCodingException) {
      return "the file is neither UTF-8 nor Windows-1252";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** {@code ;} if the header row (up to its first line break) has more of them than commas. */
  private static char delimiterOf(byte[] file) {
    int commas = 0;
    int semicolons = 0;
    boolean quoted = false;
    for (byte b : file) {
      if (b == '"') {
        quoted = !quoted;
      } else if (!quoted && (b == '\n' || b == '\r')) {
        break;
      } else if (!quoted && b == ',') {
        commas++;
      } else if (!quoted && b == ';') {
        semicolons++;
      }
    }
    return semicolons > commas ? ';' : ',';
  }
}
