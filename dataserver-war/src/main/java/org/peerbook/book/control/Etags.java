package org.peerbook.book.control;

/** A contact's ETag is the book version that last wrote it, quoted: {@code "42"}. */
public final class Etags {
  private Etags() {}

  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /** Whether an If-Match value admits the contact at {@code version} ({@code -1}: absent). */
  public static boolean matches(String ifMatch, long version) {
    if (version < 0) {
      return false;
    }
    for (String candidate : ifMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(of(version))) {
        return true;
      }
    }
    return false;
  }
}
