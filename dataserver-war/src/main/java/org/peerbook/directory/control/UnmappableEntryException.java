package org.peerbook.directory.control;

import java.util.Optional;

/** A directory entry that cannot become a contact (no id, no name, a value the book refuses). */
public class UnmappableEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String dn;
  private final String contactId;

  /**
   * @param contactId the contact the entry stands for, {@code null} if even its id is unreadable
   */
  public UnmappableEntryException(String dn, String contactId, String reason) {
    super(reason);
    this.dn = dn;
    this.contactId = contactId;
  }

  public String dn() {
    return dn;
  }

  /** Its contact, if known: kept as it is rather than deleted for a directory typo. */
  public Optional<String> contactId() {
    return Optional.ofNullable(contactId);
  }
}
