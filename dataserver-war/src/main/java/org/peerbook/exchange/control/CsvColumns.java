package org.peerbook.exchange.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.MalformedMessageException;

/**
 * Which CSV column holds which contact field. By default a column is named as the field ({@code
 * displayName}, {@code emails}, ...; an attribute as {@code attr.<name>}); a mapping renames
 * columns, e.g. {@code displayName -> "Full name"}, so that another system's export reads as is.
 */
public final class CsvColumns {
  /** The contact fields, in the order an export writes them. */
  public static final List<String> FIELDS =
      ContactJson.FIELD_NAMES.stream().filter(name -> !name.equals("attributes")).toList();

  public static final String ATTRIBUTE_PREFIX = "attr.";
  private static final Pattern ATTRIBUTE = Pattern.compile("attr\\.[A-Za-z][A-Za-z0-9._-]{0,63}");

  private final Map<String, String> columnOfField;
  private final Map<String, String> fieldOfColumn = new HashMap<>();

  private CsvColumns(Map<String, String> columnOfField) {
    this.columnOfField = Map.copyOf(columnOfField);
    columnOfField.forEach(
        (field, column) -> {
          if (fieldOfColumn.put(column, field) != null) {
            throw new MalformedMessageException(
                "column." + field, "column " + column + " is mapped to two fields");
          }
        });
  }

  public static CsvColumns defaults() {
    return new CsvColumns(Map.of());
  }

  /**
   * @param columnOfField field name (or {@code attr.<name>}) to the column that holds it
   */
  public static CsvColumns mapping(Map<String, String> columnOfField) {
    columnOfField.forEach(
        (field, column) -> {
          if (!isField(field)) {
            throw new MalformedMessageException(
                "column." + field,
                "is no contact field: " + String.join(", ", FIELDS) + ", attr.*");
          }
          if (column == null || column.isBlank()) {
            throw new MalformedMessageException("column." + field, "must name a column");
          }
        });
    return new CsvColumns(columnOfField);
  }

  /** The field a column holds, or {@code null} when it holds none. */
  public String fieldOf(String column) {
    String mapped = fieldOfColumn.get(column);
    if (mapped != null) {
      return mapped;
    }
    // a field's own name counts unless the mapping moved that field to another column
    return isField(column) && !columnOfField.containsKey(column) ? column : null;
  }

  /** The column that holds a field. */
  public String columnOf(String field) {
    return columnOfField.getOrDefault(field, field);
  }

  static boolean isField(String name) {
    return FIELDS.contains(name) || ATTRIBUTE.matcher(name).matches();
  }
}
