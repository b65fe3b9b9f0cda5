package org.peerbook.protocol;

/**
 * Bounds every node enforces on a contact, so that no peer can make another store garbage. Lengths
 * count UTF-16 code units (Java's {@code String.length()}, JavaScript's {@code .length}): a
 * character outside the Basic Multilingual Plane, such as an emoji, counts 2. That is what H2's
 * {@code VARCHAR(n)} counts, and PostgreSQL's (code points) is never more, so a text within its
 * limit fits the column of the same size on either database, on the data server and on agents.
 */
public final class ContactLimits {
  public static final int MAX_ID = 128;
  public static final int MAX_TEXT = 256;
  public static final int MAX_EMAILS = 16;
  public static final int MAX_EMAIL = 254;
  public static final int MAX_PHONES = 16;
  public static final int MAX_PHONE_TYPE = 16;
  public static final int MAX_PHONE_NUMBER = 32;
  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_ATTRIBUTE_NAME = 64;
  public static final int MAX_ATTRIBUTE_VALUE = 1024;

  private ContactLimits() {}
}
