package org.peerbook.exchange.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.MalformedMessageException;

/**
 * The contacts of an import file as it is read, with every problem found on the way: a file is
 * taken whole or not at all, so reading goes on past a bad row to list them all.
 */
final class ImportedContacts {
  private final int maxContacts;
  private final UnaryOperator<String> fieldName;
  private final List<ContactDto> contacts = new ArrayList<>();
  private final List<RowProblem> problems = new ArrayList<>();
  private final Map<String, Long> lineOfId = new HashMap<>();
  private int rows;

  /**
   * @param fieldName what the file calls a contact field ({@code emails} may be a column "Mail")
   */
  ImportedContacts(int maxContacts, UnaryOperator<String> fieldName) {
    this.maxContacts = maxContacts;
    this.fieldName = fieldName;
  }

  /** Whether reading should go on: not past the size bound, nor past the problems listed. */
  boolean reading() {
    return rows <= maxContacts && problems.size() < InvalidFileException.MAX_LISTED;
  }

  /** Counts a row or card; false, with its problem noted, when it is one too many. */
  boolean row(long line) {
    rows++;
    if (rows > maxContacts) {
      problem(line, null, "the file holds more than " + maxContacts + " contacts");
      return false;
    }
    return true;
  }

  /** A contact read from the row at {@code line}, held to the rules of the JSON API. */
  void add(long line, ContactDto contact) {
    ContactDto checked;
    try {
      checked = WireCheck.checked(contact);
    } catch (MalformedMessageException e) {
      String field = e.field() == null ? null : e.field().replaceFirst("\\[.*", "");
      problem(line, field == null ? null : fieldName.apply(field), withoutPrefix(e));
      return;
    }
    if (checked.id() != null) {
      Long earlier = lineOfId.putIfAbsent(checked.id(), line);
      if (earlier != null) {
        problem(
            line,
            fieldName.apply("id"),
            "id " + checked.id() + " appears twice (first on line " + earlier + ")");
        return;
      }
    }
    contacts.add(checked);
  }

  void problem(long line, String field, String why) {
    if (problems.size() < InvalidFileException.MAX_LISTED) {
      problems.add(new RowProblem(line, field, why));
    }
  }

  /**
   * @throws InvalidFileException listing every problem, if there is one, or if there is no contact
   */
  List<ContactDto> contacts() {
    if (problems.isEmpty() && contacts.isEmpty()) {
      problems.add(new RowProblem(1, null, "the file holds no contact"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidFileException(problems);
    }
    return contacts;
  }

  private static String withoutPrefix(MalformedMessageException e) {
    String message = e.getMessage();
    return e.field() != null && message.startsWith(e.field() + ": ")
        ? e.field() + " " + message.substring(e.field().length() + 2)
        : message;
  }
}
