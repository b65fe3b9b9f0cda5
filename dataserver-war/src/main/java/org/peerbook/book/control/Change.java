package org.peerbook.book.control;

import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Operation;

/**
 * One requested change, with the condition under which it may apply.
 *
 * @param contact the contact after the change, {@code null} for a delete
 * @param condition what must hold of the current contact
 * @param expectedEtag for {@link Condition#MATCHES}: the ETag the caller last saw, or {@code "*"}
 */
public record Change(
    String contactId, ContactDto contact, Condition condition, String expectedEtag) {

  /** What must be true of the contact before the change. */
  public enum Condition {
    NONE,
    MUST_NOT_EXIST,
    MUST_EXIST,
    MATCHES
  }

  public static Change create(ContactDto contact) {
    return new Change(contact.id(), contact, Condition.MUST_NOT_EXIST, null);
  }

  public static Change upsert(ContactDto contact, String ifMatch) {
    return ifMatch == null
        ? new Change(contact.id(), contact, Condition.NONE, null)
        : new Change(contact.id(), contact, Condition.MATCHES, ifMatch);
  }

  public static Change delete(String contactId, String ifMatch) {
    return ifMatch == null
        ? new Change(contactId, null, Condition.MUST_EXIST, null)
        : new Change(contactId, null, Condition.MATCHES, ifMatch);
  }

  public Operation operation() {
    return contact == null ? Operation.DELETE : Operation.UPSERT;
  }
}
