package org.peerbook.protocol;

/** A message that does not follow the wire format; {@link #field()} names what is wrong. */
public class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public MalformedMessageException(String field, String detail) {
    super(field == null || field.isEmpty() ? detail : field + ": " + detail);
    this.field = field == null || field.isEmpty() ? null : field;
  }

  /** The JSON path of the offending field, e.g. {@code contact.emails[2]}; null for the body. */
  public String field() {
    return field;
  }
}
