package org.peerbook.exchange.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.peerbook.protocol.ContactDto;

/**
 * Writes contacts as RFC 4180 CSV in UTF-8, one row each, in the columns {@link CsvContacts} reads
 * back. The columns, attributes included, are fixed by the header before the first row, so that any
 * number of contacts streams through.
 */
public final class CsvContactWriter {
  /** Excel opens UTF-8 CSV as UTF-8 only when it starts with a byte order mark. */
  public static final String BOM = "\uFEFF";

  private final CSVPrinter printer;
  private final Writer writer;
  private final List<String> attributeNames;

  /**
   * @param attributeNames the attributes that get a column ({@code attr.<name>}); others are left
   *     out
   */
  public CsvContactWriter(OutputStream out, List<String> attributeNames, boolean byteOrderMark) {
    this(out, attributeNames, byteOrderMark, ',');
  }

  /**
   * @param separator between cells: {@code ,}, or {@code ;} for Excel where the locale's list
   *     separator is {@code ;} (most of Europe), which otherwise opens every row in one column; a
   *     cell holding the separator is quoted either way
   */
  public CsvContactWriter(
      OutputStream out, List<String> attributeNames, boolean byteOrderMark, char separator) {
    this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    this.attributeNames = List.copyOf(attributeNames);
    try {
      if (byteOrderMark) {
        writer.write(BOM);
      }
      printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setDelimiter(separator).build());
      List<String> header = new ArrayList<>(CsvColumns.FIELDS);
      attributeNames.forEach(name -> header.add(CsvColumns.ATTRIBUTE_PREFIX + name));
      printer.printRecord(header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(ContactDto contact) {
    List<String> row = new ArrayList<>(CsvColumns.FIELDS.size() + attributeNames.size());
    row.add(contact.id());
    row.add(contact.displayName());
    row.add(contact.givenName());
    row.add(contact.familyName());
    row.add(String.join("; ", contact.emails()));
    row.add(
        contact.phones().stream()
            .map(phone -> phone.type() + ":" + phone.number())
            .collect(Collectors.joining("; ")));
    row.add(contact.organisation());
    row.add(contact.department());
    row.add(contact.title());
    row.add(contact.manager());
    row.add(contact.officeLocation());
    attributeNames.forEach(name -> row.add(contact.attributes().get(name)));
    try {
      printer.printRecord(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends what is buffered, so that a long export reaches the client as it is made. */
  public void flush() {
    try {
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
