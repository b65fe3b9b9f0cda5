package org.peerbook.registry.nodes.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validates what a node says about where it is; every refusal names the field. */
public final class NodeAddresses {
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private NodeAddresses() {}

  public static String nodeId(String nodeId) {
    if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
      throw new InvalidNodeException(
          "nodeId", "must be 1 to 128 letters, digits or ._:@- starting alphanumeric");
    }
    return nodeId;
  }

  public static URI syncAddress(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidNodeException("syncAddress", "is required");
    }
    try {
      URI uri = new URI(text);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new InvalidNodeException("syncAddress", "must be an http or https URL");
      }
      if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
        throw new InvalidNodeException("syncAddress", "must name a host and a port");
      }
      if (uri.getUserInfo() != null || uri.getFragment() != null || uri.getQuery() != null) {
        throw new InvalidNodeException(
            "syncAddress", "must not carry user info, query or fragment");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidNodeException("syncAddress", "is not a URL: " + e.getReason());
    }
  }

  /**
   * Where a sync address really points: its host and port, whatever the path. Two live nodes never
   * share one (aliases of a host, such as a name and its IP, are not recognised: no DNS here).
   */
  public static String endpoint(URI syncAddress) {
    return syncAddress.getHost().toLowerCase(Locale.ROOT) + ":" + syncAddress.getPort();
  }

  /** Parses an IP literal without ever asking DNS. */
  public static InetAddress networkAddress(String text) {
    boolean literal =
        text != null
            && (IPV4.matcher(text).matches()
                || (text.contains(":") && IPV6_CHARACTERS.matcher(text).matches()));
    if (!literal) {
      throw new InvalidNodeException("networkAddress", "must be an IPv4 or IPv6 address");
    }
    try {
      // a dotted quad or a text with ':' is parsed as a literal; no name lookup happens
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new InvalidNodeException("networkAddress", "must be an IPv4 or IPv6 address");
    }
  }

  public static long version(long version) {
    if (version < 0) {
      throw new InvalidNodeException("version", "must not be negative");
    }
    return version;
  }
}
