package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a request came from, as limits per client charge it. Behind a reverse proxy or a load
 * balancer every request comes from the proxy: the limits would then count all clients as one, and
 * one client could spend everyone's rate (or lock every administrator out with wrong passwords). A
 * proxy listed in {@code peerbook.limits.trusted-proxies} names the client it forwards in the
 * header {@code peerbook.limits.forwarded-header} says ({@link ForwardingHeader}); the client is
 * the last address there that no trusted proxy added. The header of anyone else is a claim, and
 * ignored: a client naming addresses there would otherwise get a fresh rate with each.
 */
@ApplicationScoped
public class ClientAddresses {
  /** Addresses looked at in the forwarding header, from its end: a chain of proxies is short. */
  static final int MAX_HOPS = 16;

  private static final Pattern IPV4_WITH_PORT =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

  @Inject
  @ConfigProperty(name = "peerbook.limits.trusted-proxies")
  Optional<String> trustedProxies = Optional.empty();

  @Inject
  @ConfigProperty(name = "peerbook.limits.forwarded-header", defaultValue = "X-Forwarded-For")
  String forwardedHeader = ForwardingHeader.X_FORWARDED_FOR.headerName();

  private List<AddressRange> proxies = List.of();
  private ForwardingHeader header = ForwardingHeader.X_FORWARDED_FOR;

  /** For the container, which sets the trusted proxies from the configuration. */
  public ClientAddresses() {}

  /**
   * @param trustedProxies addresses and ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), comma
   *     separated; blank: none
   */
  public ClientAddresses(String trustedProxies) {
    this(trustedProxies, ForwardingHeader.X_FORWARDED_FOR.headerName());
  }

  /**
   * @param forwardedHeader the header the proxies name the client in: {@code X-Forwarded-For} or
   *     {@code Forwarded}
   */
  public ClientAddresses(String trustedProxies, String forwardedHeader) {
    this.trustedProxies = Optional.of(trustedProxies);
    this.forwardedHeader = forwardedHeader;
    parse();
  }

  @PostConstruct
  void parse() {
    proxies = AddressRange.listed("peerbook.limits.trusted-proxies", trustedProxies.orElse(""));
    header = ForwardingHeader.named("peerbook.limits.forwarded-header", forwardedHeader);
  }

  /** The client's address: the request's, or the one a trusted proxy forwarded it for. */
  public String of(HttpServletRequest request) {
    if (proxies.isEmpty()) {
      // every request of an administrator passes here: nothing to parse or collect
      return request.getRemoteAddr();
    }
    return clientOf(
        request.getRemoteAddr(), Collections.list(request.getHeaders(header.headerName())));
  }

  /**
   * @param remote the address the request came from
   * @param forwarded the values of the forwarding header, in order
   */
  String clientOf(String remote, List<String> forwarded) {
    if (proxies.isEmpty() || forwarded.isEmpty()) {
      return remote;
    }
    Optional<InetAddress> from = literal(remote);
    if (from.isEmpty() || !trusted(from.get())) {
      return remote;
    }
    List<String> hops = header.hops(forwarded);
    String client = remote;
    for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
      Optional<InetAddress> hop = literal(hops.get(i));
      if (hop.isEmpty()) {
        // not what a proxy writes: the last address a trusted proxy vouched for is the client
        return client;
      }
      client = hop.get().getHostAddress();
      if (!trusted(hop.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean trusted(InetAddress address) {
    return AddressRange.anyContains(proxies, address);
  }

  /**
   * An IP address written as a literal (a port, brackets and a zone left out); empty for anything
   * else, which is never looked up in the DNS.
   */
  public static Optional<InetAddress> literal(String text) {
    String address = text.strip();
    var withPort = IPV4_WITH_PORT.matcher(address);
    if (withPort.matches()) {
      address = withPort.group(1);
    } else if (address.startsWith("[")) {
      int end = address.indexOf(']');
      address = end < 0 ? "" : address.substring(1, end);
    }
    address = address.replaceFirst("%.*", "");
    // only these are parsed: InetAddress looks any other text up in the DNS, even one with a colon
    // that does not start as an address does ("x:1", an unterminated quoted Forwarded value)
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException | SecurityException notAnAddress) {
      return Optional.empty();
    }
  }
}
