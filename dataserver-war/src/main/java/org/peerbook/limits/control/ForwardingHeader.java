package org.peerbook.limits.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The header the trusted proxies name the client in, and how its hops are read, first to last. Only
 * the one the proxies write is read: a proxy passes the other on as the client sent it, and a
 * client naming addresses there would get a fresh rate with each.
 */
public enum ForwardingHeader {
  /** Addresses, comma separated; each proxy appends whom it got the request from. */
  X_FORWARDED_FOR("X-Forwarded-For") {
    @Override
    List<String> hops(List<String> values) {
      List<String> hops = new ArrayList<>();
      for (String value : values) {
        for (String hop : value.split(",")) {
          hops.add(hop.strip());
        }
      }
      return hops;
    }
  },

  /**
   * RFC 7239: elements comma separated, each of {@code name=value} pairs separated by semicolons,
   * the client in {@code for} ({@code for=192.0.2.60;proto=https, for="[2001:db8::7]:4711"}); a
   * value holding a colon is a quoted string. An element without {@code for} is a hop that names no
   * address.
   */
  FORWARDED("Forwarded") {
    @Override
    List<String> hops(List<String> values) {
      List<String> hops = new ArrayList<>();
      for (String value : values) {
        for (String element : outsideQuotes(value, ',')) {
          String client = "";
          for (String pair : outsideQuotes(element, ';')) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase("for")) {
              client = unquoted(pair.substring(equals + 1).strip());
            }
          }
          hops.add(client);
        }
      }
      return hops;
    }
  };

  private final String headerName;

  ForwardingHeader(String headerName) {
    this.headerName = headerName;
  }

  public String headerName() {
    return headerName;
  }

  /** The hops the header's values name, first to last, each as written (not yet an address). */
  abstract List<String> hops(List<String> values);

  /**
   * The header called {@code name}, ignoring case.
   *
   * @throws IllegalStateException naming {@code setting} if no header has that name
   */
  static ForwardingHeader named(String setting, String name) {
    for (ForwardingHeader header : values()) {
      if (header.headerName.equalsIgnoreCase(name.strip())) {
        return header;
      }
    }
    throw new IllegalStateException(
        setting + ": \"" + name + "\" is neither X-Forwarded-For nor Forwarded");
  }

  /** {@code text} split at {@code separator} where it is not inside a quoted string. */
  private static List<String> outsideQuotes(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        part.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString().strip());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString().strip());
    return parts;
  }

  /** A token as it is; a quoted string without its quotes and escapes. */
  private static String unquoted(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      text.append(c == '\\' && i + 2 < value.length() ? value.charAt(++i) : c);
    }
    return text.toString();
  }
}
