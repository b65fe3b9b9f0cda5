package org.peerbook;

import org.peerbook.protocol.MalformedMessageException;

/** Parses numeric query parameters strictly, so that "abc" gets 400 rather than 404. */
public final class QueryParameters {
  private QueryParameters() {}

  public static int intParam(String name, String value, int absent, int min, int max) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw new MalformedMessageException(name, "must be a whole number from " + min + " to " + max);
  }

  public static long longParam(String name, String value, long min) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw new MalformedMessageException(name, "must be a whole number of at least " + min);
  }

  /** {@code true} or {@code false}; absent or empty: {@code absent}. */
  public static boolean booleanParam(String name, String value, boolean absent) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new MalformedMessageException(name, "must be true or false");
  }
}
