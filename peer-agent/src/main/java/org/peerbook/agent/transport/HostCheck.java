package org.peerbook.agent.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the lookup listener answers: loopback names and addresses ({@code
 * localhost}, 127.x.y.z, [::1]) and the host it was told to listen on. A web page that rebinds its
 * own name to 127.0.0.1 still sends that name as the host, so it is refused and cannot read the
 * book through the visitor's browser (DNS rebinding).
 */
final class HostCheck {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z._-]+)?");
  private final Set<String> own;

  /**
   * @param listen the address as configured (its host string) and bound
   */
  HostCheck(InetSocketAddress listen) {
    String configured = listen.getHostString().toLowerCase(Locale.ROOT);
    this.own =
        listen.getAddress() == null
            ? Set.of(configured)
            : Set.copyOf(
                List.of(configured, listen.getAddress().getHostAddress().toLowerCase(Locale.ROOT)));
  }

  /** Whether a request with this {@code Host} header (null: none) is answered. */
  boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String host = withoutPort(hostHeader.strip().toLowerCase(Locale.ROOT));
    if (host == null) {
      return false;
    }
    if (host.endsWith(".") && !IPV4.matcher(host).matches()) {
      host = host.substring(0, host.length() - 1); // "localhost." names the same host
    }
    if (host.equals("localhost") || own.contains(host)) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return host.startsWith("127.");
    }
    if (IPV6.matcher(host).matches() && host.contains(":")) {
      try {
        InetAddress address = InetAddress.getByName(host); // a literal: no lookup
        return address.isLoopbackAddress() || own.contains(address.getHostAddress());
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /** The host without {@code :port}; an IPv6 literal without its brackets; null if malformed. */
  private static String withoutPort(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return null;
      }
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
        return null;
      }
      return authority.substring(1, close);
    }
    int colon = authority.indexOf(':');
    if (colon < 0) {
      return authority;
    }
    if (authority.indexOf(':', colon + 1) >= 0
        || !authority.substring(colon + 1).matches("\\d{1,5}")) {
      return null;
    }
    return authority.substring(0, colon);
  }
}
